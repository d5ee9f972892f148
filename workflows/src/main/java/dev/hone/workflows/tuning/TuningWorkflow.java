package dev.hone.workflows.tuning;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A hyperparameter study: proposes trials, runs up to {@code parallelism} at once, returns the best. */
@WorkflowInterface
public interface TuningWorkflow {

    static String workflowId(String parentWorkflowId) {
        return parentWorkflowId + "-tuning";
    }

    @WorkflowMethod
    TuningResult run(TuningRequest request);

    @QueryMethod
    TuningState state();
}
