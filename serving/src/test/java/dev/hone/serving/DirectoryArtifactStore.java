package dev.hone.serving;

import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.artifact.StagedArtifact;
import dev.hone.registry.artifact.StoredArtifact;
import dev.hone.registry.common.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A content-addressed artifact directory without the registry's database bookkeeping, so serving
 * is tested on real files without Quarkus. Counts reads per artifact, which is how the tests see
 * whether a model was loaded again.
 */
final class DirectoryArtifactStore implements ArtifactStore {

    private final Path root;
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

    DirectoryArtifactStore(Path root) {
        this.root = root;
    }

    /** How often an artifact was read. */
    int reads(String sha256) {
        AtomicInteger n = reads.get(sha256);
        return n == null ? 0 : n.get();
    }

    @Override
    public StagedArtifact stage(InputStream content, long maxBytes) {
        try {
            Path tmp = Files.createTempFile(root, "stage-", ".part");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(content, digest)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return new StagedArtifact(tmp, HexFormat.of().formatHex(digest.digest()), Files.size(tmp));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public StoredArtifact commit(StagedArtifact staged, String mediaType) {
        Path target = root.resolve(staged.sha256());
        try {
            boolean created = !Files.exists(target);
            if (created) {
                Files.copy(staged.file(), target);
            }
            return new StoredArtifact(staged.sha256(), staged.sizeBytes(), created);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void checkWritable() {
    }

    @Override
    public void discard(StagedArtifact staged) {
        try {
            Files.deleteIfExists(staged.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(String sha256) {
        return new java.io.ByteArrayInputStream(read(sha256));
    }

    @Override
    public byte[] read(String sha256) {
        Path file = root.resolve(sha256);
        if (!Files.exists(file)) {
            throw new NotFoundException("Artifact " + sha256 + " does not exist");
        }
        reads.computeIfAbsent(sha256, k -> new AtomicInteger()).incrementAndGet();
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
