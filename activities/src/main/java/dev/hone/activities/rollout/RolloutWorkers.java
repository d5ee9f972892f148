package dev.hone.activities.rollout;

import dev.hone.activities.common.StageWorkers;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.rollout.CanaryRolloutWorkflowImpl;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Canary rollouts: the workflow and its activities on the control queue. */
@Singleton
public class RolloutWorkers {

    @Produces
    @Singleton
    StageWorkers rollout(RolloutActivitiesImpl activities) {
        return StageWorkers.stage("rollout")
                .workflows(TaskQueues.CONTROL, CanaryRolloutWorkflowImpl.class)
                .activities(TaskQueues.CONTROL, activities)
                .build();
    }
}
