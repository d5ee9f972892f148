package dev.hone.workflows.pipeline;

import java.util.Map;

/**
 * Outcome of a successful run.
 *
 * @param runId the run
 * @param modelName the registered model
 * @param version the new model version number
 * @param modelVersionId registry id of the new version
 * @param testMetrics metrics on the held-out test split
 */
public record PipelineResult(
        long runId, String modelName, int version, long modelVersionId, Map<String, Double> testMetrics) {
}
