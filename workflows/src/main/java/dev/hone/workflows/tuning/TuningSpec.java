package dev.hone.workflows.tuning;

import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.vocabulary.StudyCost;
import java.util.List;

/**
 * A hyperparameter study.
 *
 * @param sampler how trials are proposed
 * @param pruner how weak trials stop early
 * @param objective validation metric to optimise: validation_loss, validation_accuracy or validation_rmse
 * @param direction whether the objective is minimised or maximised
 * @param maxTrials trial budget
 * @param parallelism trials running at once
 * @param gridPoints points per numeric parameter for GRID
 * @param minResource ASHA minimum epochs (also the median rule's warm-up)
 * @param reductionFactor ASHA reduction factor
 * @param parameters the search space
 * @param sampleRows when set, trials train on a sample of at most this many training rows (stratified by
 *     class for classification, uniform for regression; the same rows for every trial), validated on the
 *     whole validation split; the final model trains on every row. Null: trials train on every row
 * @param cost a second objective, minimized beside {@code objective}: each completed trial measures it, the study
 *     keeps the Pareto front of the two, and TPE samples towards that front; null for a study of one objective
 * @param costTolerance with a cost: the run trains the cheapest trial whose objective is within this many percent
 *     of the best trial's (the cheapest such trial is on the front); null or 0 trains the best trial on the
 *     objective, whatever it costs
 * @param warmStartTrials when set, the study first tries this many best completed trials of the newest earlier
 *     study of the same model (trials 1, 2, ...; trial 0 stays the base settings), then samples as usual; null or
 *     0 for a cold start
 */
public record TuningSpec(Sampler sampler, Pruner pruner, String objective, Direction direction, int maxTrials,
        int parallelism, int gridPoints, int minResource, int reductionFactor, List<ParameterDef> parameters,
        Integer sampleRows, StudyCost cost, Double costTolerance, Integer warmStartTrials) {

    /** A cold-started study. */
    public TuningSpec(Sampler sampler, Pruner pruner, String objective, Direction direction, int maxTrials,
            int parallelism, int gridPoints, int minResource, int reductionFactor, List<ParameterDef> parameters,
            Integer sampleRows, StudyCost cost, Double costTolerance) {
        this(sampler, pruner, objective, direction, maxTrials, parallelism, gridPoints, minResource, reductionFactor,
                parameters, sampleRows, cost, costTolerance, null);
    }

    /** A study that trains its best trial on the objective. */
    public TuningSpec(Sampler sampler, Pruner pruner, String objective, Direction direction, int maxTrials,
            int parallelism, int gridPoints, int minResource, int reductionFactor, List<ParameterDef> parameters,
            Integer sampleRows, StudyCost cost) {
        this(sampler, pruner, objective, direction, maxTrials, parallelism, gridPoints, minResource, reductionFactor,
                parameters, sampleRows, cost, null);
    }

    /** A study of one objective. */
    public TuningSpec(Sampler sampler, Pruner pruner, String objective, Direction direction, int maxTrials,
            int parallelism, int gridPoints, int minResource, int reductionFactor, List<ParameterDef> parameters,
            Integer sampleRows) {
        this(sampler, pruner, objective, direction, maxTrials, parallelism, gridPoints, minResource, reductionFactor,
                parameters, sampleRows, null);
    }

    /** A study whose trials train on every row. */
    public TuningSpec(Sampler sampler, Pruner pruner, String objective, Direction direction, int maxTrials,
            int parallelism, int gridPoints, int minResource, int reductionFactor, List<ParameterDef> parameters) {
        this(sampler, pruner, objective, direction, maxTrials, parallelism, gridPoints, minResource, reductionFactor,
                parameters, null);
    }
}
