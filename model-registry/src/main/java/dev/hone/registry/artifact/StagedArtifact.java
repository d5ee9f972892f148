package dev.hone.registry.artifact;

import java.nio.file.Path;

/**
 * Content received but not yet in the store: it can be checked (parsed, profiled) first, then
 * committed, or discarded without a trace.
 *
 * @param file temporary file holding the content
 * @param sha256 content digest, hex
 * @param sizeBytes content length
 */
public record StagedArtifact(Path file, String sha256, long sizeBytes) {
}
