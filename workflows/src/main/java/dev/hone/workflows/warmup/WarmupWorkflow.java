package dev.hone.workflows.warmup;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A few bookkeeping steps through the workflow service, run once when an embedded process's workers
 * start, so that loading and compiling the workflow and activity paths (the workers' task handling,
 * payload conversion, the registry's first transaction) does not fall on the first run.
 */
@WorkflowInterface
public interface WarmupWorkflow {

    /** The prefix of its workflow ids; runs are {@code run-...}, so the two never meet. */
    String ID_PREFIX = "warmup-";

    /** Runs {@code steps} warm-up steps, each as a run's bookkeeping step runs; returns how many ran. */
    @WorkflowMethod
    int run(int steps);
}
