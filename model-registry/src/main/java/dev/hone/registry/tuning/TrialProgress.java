package dev.hone.registry.tuning;

/**
 * A trial without its curve and parameters: enough to tell whether its curve or status changed
 * since it was last read.
 *
 * @param number trial number
 * @param status RUNNING, COMPLETED, PRUNED, FAILED, or CANCELLED/INTERRUPTED after its run ended
 * @param curveWrites how often its curve was written; it only grows
 */
public record TrialProgress(int number, String status, long curveWrites) {
}
