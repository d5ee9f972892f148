package dev.hone.workflows.pipeline;

/**
 * Input of the training stage.
 *
 * @param runId the run (also the idempotency key of the stage)
 * @param data what preprocessing produced
 * @param training settings; null fields take defaults
 * @param seed initialisation and shuffling seed
 * @param reweighOver a classifier's sensitive column to reweigh the training rows over (Kamiran and Calders), or
 *     null to weigh every row alike
 */
public record TrainRequest(long runId, StageArtifacts data, TrainingSettings training, long seed,
        String reweighOver) {

    /** Every row weighed alike. */
    public TrainRequest(long runId, StageArtifacts data, TrainingSettings training, long seed) {
        this(runId, data, training, seed, null);
    }
}
