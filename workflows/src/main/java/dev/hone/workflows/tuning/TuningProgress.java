package dev.hone.workflows.tuning;

/**
 * How far a study got in its earlier workflow runs: a study continues as new after a bounded
 * number of trials, so that no run's history grows past a server's limits, and carries this over.
 *
 * @param studyId registry id of the study
 * @param started trials started so far (the next trial's number)
 * @param finished trials finished so far (completed, stopped early or failed)
 * @param stopped trials stopped early so far
 */
public record TuningProgress(long studyId, int started, int finished, int stopped) {
}
