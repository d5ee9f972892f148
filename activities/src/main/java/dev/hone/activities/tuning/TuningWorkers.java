package dev.hone.activities.tuning;

import dev.hone.activities.common.StageWorkers;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.tuning.TuningWorkflowImpl;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The tuning stage's workers: the study workflow, its bookkeeping and proposals and the
 * early-stopping rules on the control queue; the trials on the compute queues.
 */
@Singleton
public class TuningWorkers {

    @Produces
    @Singleton
    StageWorkers tuning(TuningActivitiesImpl tuning, PruningActivitiesImpl pruning, TrialActivitiesImpl trials) {
        return StageWorkers.stage("tuning")
                .workflows(TaskQueues.CONTROL, TuningWorkflowImpl.class)
                .activities(TaskQueues.CONTROL, tuning, pruning)
                .computeActivities(trials)
                .build();
    }
}
