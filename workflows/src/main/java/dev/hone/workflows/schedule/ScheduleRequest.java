package dev.hone.workflows.schedule;

/**
 * A schedule's workflow input: its registry id and spec, and what it carries across continue-as-new and across a
 * restart of the embedded workflow service (restored from the registry).
 *
 * @param scheduleId the schedule's registry id
 * @param spec when it fires
 * @param paused whether it is paused
 * @param lastFireMillis the last scheduled time it fired for (epoch ms), or null before its first
 * @param runningRunId the run it started last, while that may still be in flight, or null
 * @param buffered whether a fire waits for that run to end ({@link OverlapPolicy#BUFFER_ONE})
 * @param followingRunId the run whose end the schedule waits for to roll its version out, or null
 * @param lastDataFireMillis when a new data set version last fired it (epoch ms), or null
 * @param pendingDataVersion a new data set version waiting for the minimum interval to pass, or null
 */
public record ScheduleRequest(long scheduleId, ScheduleSpec spec, boolean paused, Long lastFireMillis,
        Long runningRunId, boolean buffered, Long followingRunId, Long lastDataFireMillis,
        Integer pendingDataVersion) {

    public ScheduleRequest(long scheduleId, ScheduleSpec spec, boolean paused, Long lastFireMillis, Long runningRunId,
            boolean buffered, Long followingRunId) {
        this(scheduleId, spec, paused, lastFireMillis, runningRunId, buffered, followingRunId, null, null);
    }

    /** A request following no run. */
    public ScheduleRequest(long scheduleId, ScheduleSpec spec, boolean paused, Long lastFireMillis, Long runningRunId,
            boolean buffered) {
        this(scheduleId, spec, paused, lastFireMillis, runningRunId, buffered, null);
    }
}
