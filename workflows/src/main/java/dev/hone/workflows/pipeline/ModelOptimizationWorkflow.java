package dev.hone.workflows.pipeline;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One model-optimization run: preprocess, train, evaluate, register. Cancel it with the workflow
 * service's cancel request; the current activity stops at its next heartbeat.
 */
@WorkflowInterface
public interface ModelOptimizationWorkflow {

    /** Workflow id of a run's first attempt; later attempts append {@code -attemptN}. */
    static String workflowId(long runId, int attempt) {
        return attempt <= 1 ? "run-" + runId : "run-" + runId + "-attempt" + attempt;
    }

    @WorkflowMethod
    PipelineResult run(PipelineRequest request);

    /** Current stage and the stages finished so far. */
    @QueryMethod
    PipelineState state();
}
