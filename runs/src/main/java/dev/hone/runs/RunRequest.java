package dev.hone.runs;

import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.CompressionSettings;
import dev.hone.workflows.pipeline.ValidationSettings;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.TuningSpec;

/**
 * What a caller (a user through the API, a schedule, a retraining) asks for when starting a run.
 * Only {@code dataset} and {@code target} are required; {@link RunRules} fills in the rest.
 *
 * @param dataset the data set's name
 * @param datasetVersion its version number, or null for the latest
 * @param target the column to predict
 * @param task the task, or null to infer it from the target
 * @param modelName the registered model that receives the new version, or null for {@code <dataset>-<target>}
 * @param training training settings, or null (and any null field) for the trainer's defaults
 * @param seed seed for splitting, initialisation and shuffling, or null to draw one (recorded on the run)
 * @param device where training runs, or null for AUTO
 * @param tuning a hyperparameter study to run before training, or null for none
 * @param compression the compression stage's settings, or null for a run without the stage
 * @param validation the validation gate's limits and sensitive columns, or null for the defaults
 */
public record RunRequest(String dataset, Integer datasetVersion, String target, Task task, String modelName,
        TrainingSettings training, Long seed, Device device, TuningSpec tuning, CompressionSettings compression,
        ValidationSettings validation) {

    /** A request with the validation gate's defaults. */
    public RunRequest(String dataset, Integer datasetVersion, String target, Task task, String modelName,
            TrainingSettings training, Long seed, Device device, TuningSpec tuning, CompressionSettings compression) {
        this(dataset, datasetVersion, target, task, modelName, training, seed, device, tuning, compression, null);
    }
}
