package dev.hone.workflows.schedule;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One schedule, for as long as it exists: sleeps to its next time, starts a run, and takes pause, resume, update,
 * trigger-now and delete as signals. Overlapping runs follow its {@link OverlapPolicy}; times missed while Hone
 * was down follow its {@link CatchUpPolicy}. It continues as new every {@value RetrainingScheduleWorkflowImpl#FIRES_PER_RUN}
 * fires or when its history grows long, so that a schedule that lives for years stays within the workflow
 * service's limits.
 */
@WorkflowInterface
public interface RetrainingScheduleWorkflow {

    /** The workflow id of a schedule's workflow. */
    static String workflowId(long scheduleId) {
        return "schedule-" + scheduleId;
    }

    @WorkflowMethod
    void run(ScheduleRequest request);

    @QueryMethod
    ScheduleState state();

    @SignalMethod
    void pause(String by);

    @SignalMethod
    void resume(String by);

    /** A new spec, from the next time on. */
    @SignalMethod
    void update(ScheduleSpec spec, String by);

    /** Starts a run now (the overlap policy applies), paused or not. */
    @SignalMethod
    void trigger(String by);

    /**
     * A drift monitor's alarm: starts a run now (the overlap policy applies) unless the schedule is paused; the fire
     * records the check that raised it.
     */
    @SignalMethod
    void drift(long driftCheckId, String by);

    /**
     * A new version of the run's data set: fires the schedule (its overlap policy applies; skipped while paused)
     * once the spec's minimum interval since the last such fire has passed; ignored when the spec takes no new data.
     */
    @SignalMethod
    void newData(int datasetVersion, String by);

    /** Ends the schedule; a run in flight goes on. */
    @SignalMethod
    void delete(String by);
}
