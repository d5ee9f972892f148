package dev.hone.registry.artifact;

/**
 * An artifact written to the store.
 *
 * @param sha256 content digest, hex
 * @param sizeBytes content length
 * @param created false when identical content was already stored
 */
public record StoredArtifact(String sha256, long sizeBytes, boolean created) {
}
