package dev.hone.workflows.pipeline;

/**
 * Input of the evaluation stage.
 *
 * @param runId the run (also the idempotency key of the stage)
 * @param data what preprocessing produced
 * @param model the trained model
 */
public record EvaluateRequest(long runId, StageArtifacts data, TrainedModel model) {
}
