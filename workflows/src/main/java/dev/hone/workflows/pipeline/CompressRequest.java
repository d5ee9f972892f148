package dev.hone.workflows.pipeline;

/**
 * Input of the compression stage.
 *
 * @param runId the run (also the idempotency key of the stage)
 * @param data what preprocessing produced
 * @param model the trained, uncompressed model
 * @param settings techniques, objective and budget
 * @param seed initialisation and shuffling seed of the trainings inside (fine-tuning, students)
 */
public record CompressRequest(long runId, StageArtifacts data, TrainedModel model, CompressionSettings settings,
        long seed) {
}
