package dev.hone.registry.artifact;

import java.io.InputStream;

/**
 * Content-addressed, write-once storage. Identical content is stored once; nothing is ever
 * changed in place, so any reader may cache by digest.
 */
public interface ArtifactStore {

    /**
     * Streams content to a temporary place, enforcing a size limit while reading.
     *
     * @throws dev.hone.registry.common.PayloadTooLargeException past {@code maxBytes}; nothing is kept
     * @throws ArtifactStoreException when the store cannot be written
     */
    StagedArtifact stage(InputStream content, long maxBytes);

    /** Moves staged content into the store under its digest. */
    StoredArtifact commit(StagedArtifact staged, String mediaType);

    /**
     * Checks, cheaply, that the store can be written now, so that work which ends in a write (a
     * training) fails at its start instead of after hours.
     *
     * @throws ArtifactStoreException naming the reason when it cannot
     */
    void checkWritable();

    /** Forgets staged content. */
    void discard(StagedArtifact staged);

    /** Stages and commits in one step. */
    default StoredArtifact put(InputStream content, long maxBytes, String mediaType) {
        StagedArtifact staged = stage(content, maxBytes);
        try {
            return commit(staged, mediaType);
        } finally {
            discard(staged);
        }
    }

    /** Stores a small in-memory artifact. */
    default StoredArtifact put(byte[] content, String mediaType) {
        return put(new java.io.ByteArrayInputStream(content), Long.MAX_VALUE, mediaType);
    }

    /** Opens an artifact for reading. @throws dev.hone.registry.common.NotFoundException if absent */
    InputStream open(String sha256);

    /** Reads a whole (small) artifact. */
    byte[] read(String sha256);
}
