package dev.hone.registry.artifact;

import dev.hone.registry.common.NotFoundException;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Artifact store on a local or shared file system: {@code <dir>/ab/abcdef...}. Writes go to a
 * temporary file first and are moved into place atomically, so a crash never leaves a partial
 * artifact under its final name. A commit inside a transaction that then rolls back takes its file
 * out again, so a refused or failed write leaves neither a row nor a file.
 */
public class FileArtifactStore implements ArtifactStore {

    private final Path root;
    private final ArtifactCatalog catalog;

    FileArtifactStore(Path root, ArtifactCatalog catalog) {
        this.root = root.toAbsolutePath().normalize();
        this.catalog = catalog;
    }

    @Override
    public StagedArtifact stage(InputStream content, long maxBytes) {
        try {
            return StoreSupport.stage(root.resolve("tmp"), content, maxBytes);
        } catch (IOException e) {
            Log.errorf(e, "Cannot write to the artifact store at %s", root);
            throw ArtifactStoreException.notWritable(e);
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
        catalog.record(sha, staged.sizeBytes(), mediaType, created, () -> {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new StoredArtifact(sha, staged.sizeBytes(), created);
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
        StoreSupport.deleteQuietly(staged.file());
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
        StoreSupport.requireSha256(sha256);
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }
}
