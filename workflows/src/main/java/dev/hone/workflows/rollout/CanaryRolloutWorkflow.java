package dev.hone.workflows.rollout;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A canary rollout: the canary's share of a deployment's requests grows step by step; after each
 * step's pause an analysis compares it with the stable version over the step's window, and a
 * failed analysis rolls back at once. After the last step the canary is promoted (once an approver
 * says so, when the policy asks). Signals pause and resume the steps, promote at once or abort
 * (rolling back); cancelling the workflow rolls back too.
 */
@WorkflowInterface
public interface CanaryRolloutWorkflow {

    @WorkflowMethod
    RolloutState run(RolloutRequest request);

    @QueryMethod
    RolloutState state();

    @SignalMethod
    void pause(String by);

    @SignalMethod
    void resume(String by);

    /** Promotes now (skipping remaining steps), or approves the promotion the policy waits for. */
    @SignalMethod
    void promote(String by);

    @SignalMethod
    void abort(String by, String reason);
}
