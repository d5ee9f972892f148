package dev.hone.workflows.schedule;

/**
 * One fire of a schedule: the scheduled time (epoch ms; for a trigger, the time it was asked) and why. A fire is
 * idempotent on these three: a retry returns what the first attempt recorded.
 *
 * @param driftCheckId for a {@link FireCause#DRIFT} fire, the drift monitor's check that raised the alarm (its
 *     evidence); else null
 */
public record FireRequest(long scheduleId, long fireMillis, FireCause cause, Long driftCheckId) {

    public FireRequest(long scheduleId, long fireMillis, FireCause cause) {
        this(scheduleId, fireMillis, cause, null);
    }
}
