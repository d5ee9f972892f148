package dev.hone.workflows.schedule;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The registry and run side of a schedule. Cron arithmetic lives here, not in the workflow. */
@ActivityInterface(namePrefix = "Schedule")
public interface ScheduleActivities {

    /** The spec's first time strictly after {@code afterMillis} (epoch ms), or null when it has none. */
    @ActivityMethod
    Long nextFire(ScheduleSpec spec, long afterMillis);

    /**
     * Starts the schedule's run for this fire and records the fire with it; returns the run's id, or null when no
     * run could be started (the fire is recorded FAILED with the reason: the data set deleted, the run request no
     * longer valid, the workflow service refusing).
     */
    @ActivityMethod
    Long fire(FireRequest request);

    /** Records a fire that started no run, and why. */
    @ActivityMethod
    void skipped(FireRequest request, String reason);

    /** Whether the run is still queued or running. */
    @ActivityMethod
    boolean inFlight(long runId);

    /** Asks for the run's cancellation (a run that has ended already is left as it is). */
    @ActivityMethod
    void cancelRun(long runId, String reason);

    /**
     * What follows a run the schedule started, once it ended: a canary rollout of its new version on the schedule's
     * deployment when the run succeeded and the version passed its validation gate, else nothing (production
     * untouched); recorded on the fire, and returned in words.
     */
    @ActivityMethod
    String afterRun(long scheduleId, long runId);

    /** Writes the schedule's state to the registry (next and last fire times, status). */
    @ActivityMethod
    void record(long scheduleId, ScheduleState state);
}
