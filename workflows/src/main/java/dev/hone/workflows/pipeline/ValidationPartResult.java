package dev.hone.workflows.pipeline;

/**
 * One part of the validation stage, measured.
 *
 * @param part which part
 * @param reportArtifact artifact of a passport holding only this part's sections
 */
public record ValidationPartResult(ValidationPart part, String reportArtifact) {
}
