package dev.hone.registry.artifact;

import dev.hone.registry.RegistryConfig;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.common.PayloadTooLargeException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Artifact store on a local or shared file system: {@code <dir>/ab/abcdef...}. Writes go to a
 * temporary file first and are moved into place atomically, so a crash never leaves a partial
 * artifact under its final name.
 */
@ApplicationScoped
public class FileArtifactStore implements ArtifactStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final ArtifactRepository artifacts;

    public FileArtifactStore(RegistryConfig config, ArtifactRepository artifacts) {
        this.root = Path.of(config.artifactDir()).toAbsolutePath().normalize();
        this.artifacts = artifacts;
    }

    @Override
    public StagedArtifact stage(InputStream content, long maxBytes) {
        Path tmp = null;
        try {
            Files.createDirectories(root.resolve("tmp"));
            tmp = Files.createTempFile(root.resolve("tmp"), "upload-", ".part");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = content.read(buffer)) != -1) {
                    size += n;
                    if (size > maxBytes) {
                        throw new PayloadTooLargeException(
                                "The upload is larger than the limit of " + maxBytes + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
            StagedArtifact staged = new StagedArtifact(tmp, HexFormat.of().formatHex(digest.digest()), size);
            tmp = null;
            return staged;
        } catch (IOException e) {
            throw StorageException.notWritable(root, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    @Override
    public StoredArtifact commit(StagedArtifact staged, String mediaType) {
        Path target = path(staged.sha256());
        boolean created = false;
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                try {
                    Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
                    created = true;
                } catch (FileAlreadyExistsException e) {
                    // Another writer stored the same content first: identical bytes, nothing to do.
                }
            }
        } catch (IOException e) {
            throw StorageException.notWritable(root, e);
        }
        // Joins the caller's transaction when there is one (commit is also reached by self-invocation).
        QuarkusTransaction.joiningExisting().run(() -> record(staged.sha256(), staged.sizeBytes(), mediaType));
        return new StoredArtifact(staged.sha256(), staged.sizeBytes(), created);
    }

    @Override
    public void checkWritable() {
        try {
            Files.createDirectories(root.resolve("tmp"));
            Files.delete(Files.createTempFile(root.resolve("tmp"), "probe-", ".tmp"));
        } catch (IOException e) {
            throw StorageException.notWritable(root, e);
        }
    }

    @Override
    public void discard(StagedArtifact staged) {
        deleteQuietly(staged.file());
    }

    private void record(String sha, long size, String mediaType) {
        if (artifacts.findById(sha) == null) {
            Artifact row = new Artifact();
            row.sha256 = sha;
            row.sizeBytes = size;
            row.mediaType = mediaType;
            row.createdAt = Instant.now();
            artifacts.persist(row);
        }
    }

    @Override
    public InputStream open(String sha256) {
        try {
            return Files.newInputStream(localPath(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read artifact " + sha256, e);
        }
    }

    @Override
    public byte[] read(String sha256) {
        try {
            return Files.readAllBytes(localPath(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read artifact " + sha256, e);
        }
    }

    private Path localPath(String sha256) {
        Path p = path(sha256);
        if (!Files.exists(p)) {
            throw new NotFoundException("Artifact " + sha256 + " does not exist in the store");
        }
        return p;
    }

    private Path path(String sha256) {
        // Digests become file names: accept nothing but a digest, so no input can walk the tree.
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new InvalidInputException("'" + sha256 + "' is not a SHA-256 artifact reference");
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                Log.warnf("Could not delete temporary file %s: %s", p, e.getMessage());
            }
        }
    }
}
