package dev.hone.workflows.pipeline;

import dev.hone.vocabulary.Device;

/**
 * Where a run's compute goes.
 *
 * @param device CPU or GPU: the compute queue of the stages after preprocessing and of the study's trials
 * @param reason why, as the run shows it (and what it waits for when no worker polls that queue)
 */
public record ComputeRoute(Device device, String reason) {
}
