package dev.hone.activities.pipeline;

import dev.hone.vocabulary.Device;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.ComputeRoute;
import java.util.List;

/**
 * The rule that routes a run's compute. {@code GPU} goes to the GPU queue, waiting there when no GPU
 * worker polls it; {@code AUTO} goes to the GPU queue only when a GPU worker polls it and the work of
 * one epoch, training rows times the network's parameters, is at least {@link #AUTO_GPU_WORK}: below
 * that a GPU's cost per batch (a kernel launch and a copy per operation) outweighs what it saves on
 * the small dense networks Hone trains, and the CPU queue, with more workers as a rule, is the
 * better place.
 */
final class ComputeRouter {

    /** Rows times parameters per epoch from which AUTO prefers a GPU worker: e.g. 100,000 rows of a 10,000-weight network. */
    static final long AUTO_GPU_WORK = 1_000_000_000L;

    private ComputeRouter() {
    }

    static ComputeRoute route(Device asked, long trainRows, int inputs, List<Integer> hiddenLayers, int outputs,
            int gpuWorkers) {
        long parameters = parameters(inputs, hiddenLayers, outputs);
        long work = trainRows * parameters;
        String size = String.format("%,d training rows x %,d parameters = %,d per epoch", trainRows, parameters, work);
        String polled = gpuWorkers + " GPU worker process" + (gpuWorkers == 1 ? " polls " : "es poll ")
                + TaskQueues.GPU;
        if (asked == Device.GPU) {
            return new ComputeRoute(Device.GPU, gpuWorkers > 0 ? "GPU as asked: " + polled
                    : "GPU as asked, but no GPU worker polls " + TaskQueues.GPU + " now: the run waits for one (its"
                            + " stages for up to 1 h). Start a worker with HONE_RUNTIME_WORKER_QUEUES=mlops-gpu");
        }
        if (gpuWorkers == 0) {
            return new ComputeRoute(Device.CPU, "AUTO chose CPU: no GPU worker polls " + TaskQueues.GPU + " (" + size
                    + ")");
        }
        if (work < AUTO_GPU_WORK) {
            return new ComputeRoute(Device.CPU, String.format("AUTO chose CPU: %s, below the %,d from which a GPU"
                    + " pays (%s)", size, AUTO_GPU_WORK, polled));
        }
        return new ComputeRoute(Device.GPU, String.format("AUTO chose GPU: %s, at least %,d; %s", size, AUTO_GPU_WORK,
                polled));
    }

    /** Weights and biases of a dense network with these layer widths. */
    static long parameters(int inputs, List<Integer> hiddenLayers, int outputs) {
        long total = 0;
        int in = inputs;
        for (int width : hiddenLayers) {
            total += (long) (in + 1) * width;
            in = width;
        }
        return total + (long) (in + 1) * outputs;
    }
}
