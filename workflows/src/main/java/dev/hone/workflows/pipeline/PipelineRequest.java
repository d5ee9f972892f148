package dev.hone.workflows.pipeline;

import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Task;

/**
 * Everything a pipeline run needs. Ids only: the data itself stays in the artifact store.
 *
 * @param runId the run record this workflow carries out
 * @param datasetVersionId the data set version to learn from
 * @param target the target column
 * @param task the task, or null to infer it from the target
 * @param modelName the registered model that receives the new version
 * @param training training settings (null fields take defaults)
 * @param seed seed for splitting, initialisation and shuffling
 * @param device picks the compute task queue
 * @param tuning a hyperparameter study to run before training, or null to train with {@code training}
 * @param compression the compression stage's settings, or null for a run without the stage
 * @param validation the validation gate's limits and sensitive columns; null takes the defaults
 */
public record PipelineRequest(
        long runId,
        long datasetVersionId,
        String target,
        Task task,
        String modelName,
        TrainingSettings training,
        long seed,
        Device device,
        dev.hone.workflows.tuning.TuningSpec tuning,
        CompressionSettings compression,
        ValidationSettings validation) {
}
