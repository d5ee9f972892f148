package dev.hone.activities.common;

import dev.hone.activities.pipeline.Failures;
import dev.hone.errors.ErrorCode;
import io.quarkus.logging.Log;
import io.temporal.failure.ApplicationFailure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Lets a stopping worker hand its long activities back. Once the process begins to stop, a
 * training or a trial ends at its next batch with a retryable WORKER_STOPPING failure, which the
 * workflow service retries at once on another worker, instead of waiting for the heartbeat timeout
 * to notice the worker has gone.
 */
@ApplicationScoped
public class WorkerDrain {

    private volatile boolean stopping;

    /** From now on, long activities hand their work back at their next batch. */
    public void begin() {
        stopping = true;
    }

    public boolean stopping() {
        return stopping;
    }

    /**
     * Called between batches of long work.
     *
     * @param what the work, as a user would name it ("trial 3 of study 12")
     * @throws ApplicationFailure retryable, of type WORKER_STOPPING, when the worker is stopping
     */
    public void check(String what) {
        if (stopping) {
            Log.infof("This worker is stopping: %s goes back to the workflow service to run elsewhere", what);
            throw Failures.failure(ErrorCode.WORKER_STOPPING,
                    "The worker running " + what + " stopped; another worker takes it over");
        }
    }
}
