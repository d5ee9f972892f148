package dev.hone.workflows.pipeline;

/**
 * Input of the registration stage.
 *
 * @param runId the run (also the idempotency key of the stage)
 * @param modelName the registered model that receives the version
 * @param datasetVersionId lineage: the data set version
 * @param data lineage: what preprocessing produced
 * @param model the model the version serves (compressed, when the run's compression kept a candidate)
 * @param evaluation its test evaluation
 * @param studyId lineage: the hyperparameter study that chose the settings, or null
 * @param compressionReport artifact of the compression stage's report, or null for a run without the stage
 * @param validation the passport and the gate's verdict; null for a run started before the validation stage
 */
public record RegisterRequest(
        long runId, String modelName, long datasetVersionId, StageArtifacts data, TrainedModel model,
        Evaluation evaluation, Long studyId, String compressionReport,
        Validation validation) {
}
