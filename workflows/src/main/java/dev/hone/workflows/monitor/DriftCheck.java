package dev.hone.workflows.monitor;

/**
 * One check of a drift monitor, as recorded.
 *
 * @param checkId the check's registry id (the evidence an alarm names)
 * @param verdict what it found
 * @param summary the scores beyond their thresholds, or why it could not say, in words
 */
public record DriftCheck(long checkId, DriftVerdict verdict, String summary) {
}
