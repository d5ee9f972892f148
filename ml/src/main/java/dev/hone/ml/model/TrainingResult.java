package dev.hone.ml.model;

import java.util.List;

/**
 * A trained network.
 *
 * @param parameters the best epoch's parameters in DJL's block format; load with {@link MlpModel}
 * @param inputSize number of input features
 * @param outputSize number of classes, or 1 for regression
 * @param history one entry per epoch that ran
 * @param bestEpoch the epoch (from 1) whose parameters were kept: the lowest validation loss
 * @param stoppedEarly whether training stopped before {@code config.maxEpochs()}
 */
public record TrainingResult(
        byte[] parameters,
        int inputSize,
        int outputSize,
        MlpConfig config,
        List<EpochMetrics> history,
        int bestEpoch,
        boolean stoppedEarly) {

    public TrainingResult {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** The metrics of the kept epoch. */
    public EpochMetrics best() {
        return history.get(bestEpoch - 1);
    }
}
