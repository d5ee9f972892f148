package dev.hone.workflows.tuning;

/**
 * How a trial ended.
 *
 * @param number trial number
 * @param status COMPLETED, PRUNED or FAILED
 * @param value objective value (the last reported one when pruned), null when failed
 * @param epochs epochs trained
 */
public record TrialOutcome(int number, String status, Double value, int epochs) {
}
