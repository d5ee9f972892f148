package dev.hone.workflows.pipeline;

import java.util.Map;

/**
 * What the compression stage kept.
 *
 * @param model the model the version serves: the chosen candidate, or the uncompressed model when none was
 *     inside the budget
 * @param reportArtifact artifact of the compression report (every candidate measured, the front, the reason)
 * @param metrics the stage's figures: candidates made, whether one was chosen, and its size and speed ratios
 */
public record Compression(TrainedModel model, String reportArtifact, Map<String, Double> metrics) {
}
