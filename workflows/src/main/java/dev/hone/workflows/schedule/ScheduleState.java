package dev.hone.workflows.schedule;

/**
 * A schedule's workflow state, for its query and for the registry.
 *
 * @param status {@code ACTIVE}, {@code PAUSED} or {@code DELETED}
 * @param spec when it fires
 * @param nextFireMillis its next scheduled time (epoch ms), or null when paused or when the spec has none
 * @param lastFireMillis the last scheduled time it fired for, or null
 * @param runningRunId the run it started last while that may be in flight, or null
 * @param buffered whether a fire waits for that run to end
 */
public record ScheduleState(String status, ScheduleSpec spec, Long nextFireMillis, Long lastFireMillis,
        Long runningRunId, boolean buffered) {
}
