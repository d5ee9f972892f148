package dev.hone.workflows.pipeline;

/**
 * Input of the preprocessing stage.
 *
 * @param runId the run (also the idempotency key of the stage)
 * @param datasetVersionId data set version to read
 * @param target target column
 * @param task CLASSIFICATION, REGRESSION or null to infer
 * @param seed split seed
 */
public record PreprocessRequest(long runId, long datasetVersionId, String target, String task, long seed) {
}
