package dev.hone.workflows.pipeline;

/**
 * Input of the validation stage and of each of its parts.
 *
 * @param runId the run (also the idempotency key of the stage)
 * @param modelName the registered model whose production (or champion) version the new one is compared with
 * @param data what preprocessing produced
 * @param model the model the version will serve (compressed, when the run kept a candidate)
 * @param evaluation its test evaluation
 * @param settings the gate's limits and the sensitive columns
 * @param seed seeds every sample and shuffle
 */
public record ValidateRequest(long runId, String modelName, StageArtifacts data, TrainedModel model,
        Evaluation evaluation, ValidationSettings settings, long seed) {
}
