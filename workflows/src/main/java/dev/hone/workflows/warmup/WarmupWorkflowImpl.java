package dev.hone.workflows.warmup;

import dev.hone.workflows.common.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Each step is an activity on the control queue in a detached scope, as the run's bookkeeping steps are. */
public class WarmupWorkflowImpl implements WarmupWorkflow {

    private final WarmupActivities activities = Workflow.newActivityStub(WarmupActivities.class,
            ActivityOptions.newBuilder()
                    .setTaskQueue(TaskQueues.CONTROL)
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                    .build());

    @Override
    public int run(int steps) {
        int ran = 0;
        for (int step = 0; step < steps; step++) {
            int s = step;
            Workflow.newDetachedCancellationScope(() -> activities.warmUp(s)).run();
            ran++;
        }
        return ran;
    }
}
