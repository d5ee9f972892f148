package dev.hone.workflows.pipeline;

import dev.hone.vocabulary.Task;

/**
 * Input of the preprocessing stage.
 *
 * @param runId the run (also the idempotency key of the stage)
 * @param datasetVersionId data set version to read
 * @param target target column
 * @param task the task, or null to infer it
 * @param seed split seed
 */
public record PreprocessRequest(long runId, long datasetVersionId, String target, Task task, long seed) {
}
