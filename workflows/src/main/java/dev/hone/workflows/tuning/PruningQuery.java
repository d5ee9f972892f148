package dev.hone.workflows.tuning;

import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.Pruner;
import java.util.Map;

/**
 * Should trial {@code number} stop after {@code epoch}? Everything the rule needs, from the study
 * workflow's own record of the reports.
 *
 * @param pruner the rule: MEDIAN or ASHA
 * @param minResource ASHA minimum epochs (the median rule's warm-up)
 * @param reductionFactor ASHA reduction factor
 * @param direction the study's direction
 * @param number the trial asking
 * @param epoch the epoch it just finished
 * @param trials every trial of the study that reported, by number
 */
public record PruningQuery(Pruner pruner, int minResource, int reductionFactor, Direction direction, int number,
        int epoch, Map<Integer, TrialCurve> trials) {
}
