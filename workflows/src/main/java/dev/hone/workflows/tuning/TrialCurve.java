package dev.hone.workflows.tuning;

import java.util.List;

/**
 * One trial as the early-stopping rule sees it.
 *
 * @param status RUNNING, COMPLETED, PRUNED or FAILED
 * @param values the objective after each epoch reported so far (element i is epoch i+1)
 */
public record TrialCurve(String status, List<Double> values) {
}
