package dev.hone.workflows.schedule;

/**
 * One fire of a schedule: the scheduled time (epoch ms; for a trigger, the time it was asked) and why. A fire is
 * idempotent on these three: a retry returns what the first attempt recorded.
 */
public record FireRequest(long scheduleId, long fireMillis, FireCause cause) {
}
