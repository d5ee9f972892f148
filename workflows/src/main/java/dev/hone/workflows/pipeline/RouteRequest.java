package dev.hone.workflows.pipeline;

import dev.hone.vocabulary.Device;

/**
 * What routing a run's compute needs to know.
 *
 * @param asked the run's device: AUTO or GPU
 * @param data the preprocessed splits (rows, features, classes)
 * @param settings the training settings before any study (their hidden layers size the network)
 */
public record RouteRequest(long runId, Device asked, StageArtifacts data, TrainingSettings settings) {
}
