package dev.hone.workflows.common;

import dev.hone.vocabulary.Device;
import java.util.List;

/** Task-queue names. Control work is light; compute work goes to CPU or GPU worker processes. */
public final class TaskQueues {
    /** Registry writes, run tracking, deployment control. */
    public static final String CONTROL = "mlops-control";
    /** Preprocessing, training and evaluation on CPU workers. */
    public static final String CPU = "mlops-cpu";
    /** The same compute activities on GPU workers. */
    public static final String GPU = "mlops-gpu";
    /** The compute queues: the same activities run on each, and a run's device picks one. */
    public static final List<String> COMPUTE = List.of(CPU, GPU);

    private TaskQueues() {
    }

    /** The compute queue for a run's device choice: AUTO takes the CPU queue. */
    public static String computeQueue(Device device) {
        return device == Device.GPU ? GPU : CPU;
    }
}
