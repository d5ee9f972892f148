package dev.hone.workflows.tuning;

/**
 * What a running trial reports after an epoch: the details of its heartbeat, and for studies of the
 * first release the {@link TuningWorkflow#report} update.
 *
 * @param number trial number
 * @param attempt activity attempt, from 1; a retried trial starts its curve again
 * @param epoch the epoch just finished, from 1
 * @param value the objective on the validation split after that epoch
 */
public record TrialReport(int number, int attempt, int epoch, double value) {
}
