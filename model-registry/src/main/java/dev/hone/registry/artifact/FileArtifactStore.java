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
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Artifact store on a local or shared file system: {@code <dir>/ab/abcdef...}. Writes go to a
 * temporary file first and are moved into place atomically, so a crash never leaves a partial
 * artifact under its final name. A commit inside a transaction that then rolls back takes its file
 * out again, so a refused or failed write leaves neither a row nor a file.
 */
@ApplicationScoped
public class FileArtifactStore implements ArtifactStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final ArtifactRepository artifacts;
    private final TransactionSynchronizationRegistry transactions;

    public FileArtifactStore(RegistryConfig config, ArtifactRepository artifacts,
            TransactionSynchronizationRegistry transactions) {
        this.root = Path.of(config.artifactDir()).toAbsolutePath().normalize();
        this.artifacts = artifacts;
        this.transactions = transactions;
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
                while ((n = readUpload(content, buffer)) != -1) {
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
            Log.errorf(e, "Cannot write to the artifact store at %s", root);
            throw ArtifactStoreException.notWritable(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Reading the sender's bytes can fail too (a connection that broke off): not the store's problem. */
    private static int readUpload(InputStream content, byte[] buffer) {
        try {
            return content.read(buffer);
        } catch (IOException e) {
            throw new InvalidInputException("The upload could not be read to its end: " + e.getMessage(), e);
        }
    }

    @Override
    public StoredArtifact commit(StagedArtifact staged, String mediaType) {
        String sha = staged.sha256();
        Path target = path(sha);
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
            Log.errorf(e, "Cannot write to the artifact store at %s", root);
            throw ArtifactStoreException.notWritable(e);
        }
        boolean inTransaction = transactions.getTransactionStatus() == Status.STATUS_ACTIVE;
        if (created && inTransaction) {
            // The caller's transaction may still fail after this (its own rows, the commit itself).
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status != Status.STATUS_COMMITTED) {
                        forgetIfUnrecorded(sha, target);
                    }
                }
            });
        }
        try {
            // Joins the caller's transaction when there is one (commit is also reached by self-invocation).
            QuarkusTransaction.joiningExisting().run(() -> record(sha, staged.sizeBytes(), mediaType));
        } catch (RuntimeException e) {
            if (created && !inTransaction) {
                forgetIfUnrecorded(sha, target);
            }
            throw e;
        }
        return new StoredArtifact(sha, staged.sizeBytes(), created);
    }

    /**
     * Takes out a file this store moved into place when the row that records it was not written.
     * Another writer of identical content may have recorded it meanwhile; then the file stays.
     */
    private void forgetIfUnrecorded(String sha, Path file) {
        try {
            boolean recorded = QuarkusTransaction.requiringNew().call(() -> artifacts.findById(sha) != null);
            if (!recorded) {
                Files.deleteIfExists(file);
                Log.infof("Took artifact %s back out of the store: its write did not complete", sha);
            }
        } catch (IOException | RuntimeException e) {
            Log.errorf(e, "Could not take back artifact %s after a failed write; it is unreferenced", sha);
        }
    }

    @Override
    public void checkWritable() {
        try {
            Files.createDirectories(root.resolve("tmp"));
            Files.delete(Files.createTempFile(root.resolve("tmp"), "probe-", ".tmp"));
        } catch (IOException e) {
            Log.errorf(e, "Cannot write to the artifact store at %s", root);
            throw ArtifactStoreException.notWritable(e);
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
            Log.errorf(e, "Cannot read artifact %s from the store at %s", sha256, root);
            throw ArtifactStoreException.cannotRead(sha256, e);
        }
    }

    @Override
    public byte[] read(String sha256) {
        try {
            return Files.readAllBytes(localPath(sha256));
        } catch (IOException e) {
            Log.errorf(e, "Cannot read artifact %s from the store at %s", sha256, root);
            throw ArtifactStoreException.cannotRead(sha256, e);
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
