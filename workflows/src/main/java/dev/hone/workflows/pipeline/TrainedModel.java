package dev.hone.workflows.pipeline;

import java.util.Map;

/**
 * A trained model as an artifact reference plus what training learned about it.
 *
 * @param weightsArtifact artifact holding the model parameters
 * @param configJson the resolved training configuration, as JSON
 * @param epochs epochs run
 * @param bestEpoch epoch whose parameters were kept
 * @param stoppedEarly whether early stopping ended training
 * @param validationMetrics metrics on the validation split at the best epoch
 */
public record TrainedModel(
        String weightsArtifact,
        String configJson,
        int epochs,
        int bestEpoch,
        boolean stoppedEarly,
        Map<String, Double> validationMetrics) {
}
