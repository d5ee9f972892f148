package dev.hone.workflows.pipeline;

/**
 * Input of the registration stage.
 *
 * @param runId the run (also the idempotency key of the stage)
 * @param modelName the registered model that receives the version
 * @param datasetVersionId lineage: the data set version
 * @param data lineage: what preprocessing produced
 * @param model the trained model
 * @param evaluation its test evaluation
 * @param studyId lineage: the hyperparameter study that chose the settings, or null
 */
public record RegisterRequest(
        long runId, String modelName, long datasetVersionId, StageArtifacts data, TrainedModel model,
        Evaluation evaluation, Long studyId) {
}
