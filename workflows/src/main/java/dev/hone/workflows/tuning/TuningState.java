package dev.hone.workflows.tuning;

/**
 * What the study's query reports.
 *
 * @param studyId registry id, 0 before the study is created
 * @param started trials started
 * @param finished trials finished (completed, pruned or failed)
 * @param running trials running now
 * @param maxTrials trial budget
 * @param stopped trials the early-stopping rule stopped so far
 */
public record TuningState(long studyId, int started, int finished, int running, int maxTrials, int stopped) {
}
