package dev.hone.workflows.tuning;

import java.util.List;

/**
 * A hyperparameter study.
 *
 * @param sampler GRID, RANDOM or TPE
 * @param pruner NONE, MEDIAN or ASHA
 * @param objective validation metric to optimise: validation_loss, validation_accuracy or validation_rmse
 * @param direction MINIMIZE or MAXIMIZE
 * @param maxTrials trial budget
 * @param parallelism trials running at once
 * @param gridPoints points per numeric parameter for GRID
 * @param minResource ASHA minimum epochs (also the median rule's warm-up)
 * @param reductionFactor ASHA reduction factor
 * @param parameters the search space
 */
public record TuningSpec(String sampler, String pruner, String objective, String direction, int maxTrials,
        int parallelism, int gridPoints, int minResource, int reductionFactor, List<ParameterDef> parameters) {
}
