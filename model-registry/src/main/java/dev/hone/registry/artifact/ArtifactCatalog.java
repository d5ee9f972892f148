package dev.hone.registry.artifact;

/** Where a store notes what it holds: one {@link Artifact} row per stored digest. */
@FunctionalInterface
interface ArtifactCatalog {

    /**
     * Records an artifact just put into the store. When {@code created} (this write put the content
     * there) and the row is not written after all, {@code takeBack} removes the content again.
     */
    void record(String sha256, long sizeBytes, String mediaType, boolean created, Runnable takeBack);
}
