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
 * @param transform artifact of the transform that builds the model's inputs (its encoding of numeric columns);
 *     null in stage outputs written before it was recorded, whose model uses the run's transform
 * @param kind the model kind ({@code FLOAT_MLP}, or {@code MLP_ENSEMBLE} when several networks are averaged);
 *     null in stage outputs written before ensembles existed, which hold one float MLP
 */
public record TrainedModel(
        String weightsArtifact,
        String configJson,
        int epochs,
        int bestEpoch,
        boolean stoppedEarly,
        Map<String, Double> validationMetrics,
        String transform,
        String kind) {

    /** The transform that builds this model's inputs, of a run whose preprocessing produced {@code data}. */
    public String transform(StageArtifacts data) {
        return transform != null ? transform : data.transform();
    }
}
