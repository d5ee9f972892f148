package dev.hone.workflows.pipeline;

/**
 * Input of the training stage.
 *
 * @param runId the run (also the idempotency key of the stage)
 * @param data what preprocessing produced
 * @param training settings; null fields take defaults
 * @param seed initialisation and shuffling seed
 */
public record TrainRequest(long runId, StageArtifacts data, TrainingSettings training, long seed) {
}
