package dev.hone.workflows.tuning;

import dev.hone.vocabulary.ParameterType;
import java.util.List;

/**
 * One searched hyperparameter, as the user gave it.
 *
 * @param name learningRate, batchSize, maxEpochs, dropout, weightDecay, activation, layers, width1..width4
 * @param type how it is searched
 * @param low lower bound (FLOAT, INT)
 * @param high upper bound (FLOAT, INT)
 * @param log search on a log scale
 * @param step INT step (default 1)
 * @param choices CATEGORICAL values
 * @param conditionParameter active only when this earlier parameter ...
 * @param conditionValues ... takes one of these values
 */
public record ParameterDef(String name, ParameterType type, Double low, Double high, Boolean log, Integer step,
        List<String> choices, String conditionParameter, List<String> conditionValues) {
}
