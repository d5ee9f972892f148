package dev.hone.workflows.pipeline;

/**
 * A registered model version.
 *
 * @param modelName registered model
 * @param version version number within the model
 * @param modelVersionId registry id
 */
public record RegisteredVersion(String modelName, int version, long modelVersionId) {
}
