package dev.hone.activities.monitor;

import dev.hone.activities.common.StageWorkers;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.monitor.DriftMonitorWorkflowImpl;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Drift monitors: the workflow and its activities on the control queue. */
@Singleton
public class MonitorWorkers {

    @Produces
    @Singleton
    StageWorkers monitor(MonitorActivitiesImpl activities) {
        return StageWorkers.stage("monitor")
                .workflows(TaskQueues.CONTROL, DriftMonitorWorkflowImpl.class)
                .activities(TaskQueues.CONTROL, activities)
                .build();
    }
}
