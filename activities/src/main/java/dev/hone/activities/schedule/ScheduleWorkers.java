package dev.hone.activities.schedule;

import dev.hone.activities.common.StageWorkers;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.schedule.RetrainingScheduleWorkflowImpl;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Retraining schedules: the workflow and its activities on the control queue. */
@Singleton
public class ScheduleWorkers {

    @Produces
    @Singleton
    StageWorkers schedule(ScheduleActivitiesImpl activities) {
        return StageWorkers.stage("schedule")
                .workflows(TaskQueues.CONTROL, RetrainingScheduleWorkflowImpl.class)
                .activities(TaskQueues.CONTROL, activities)
                .build();
    }
}
