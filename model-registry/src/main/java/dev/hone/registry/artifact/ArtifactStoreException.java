package dev.hone.registry.artifact;

import dev.hone.errors.Coded;
import dev.hone.errors.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The artifact store cannot be written or read: a full disk, missing permissions, a read-only or
 * missing directory, a file where a directory belongs. The message names the problem without the
 * store's path (callers see it; the path is in the server log); nothing half-written is left behind
 * when it is thrown. A store that cannot be written is a fault of the installation, not of the
 * request: the same work would meet it again until an operator fixes the store
 * ({@link ErrorCode#STORAGE_UNAVAILABLE}, never retried); a read may succeed on a later try (a network
 * file system, a worker's disk: {@link ErrorCode#STORAGE_UNREADABLE}). Clients see both as
 * STORAGE_UNAVAILABLE.
 */
public class ArtifactStoreException extends UncheckedIOException implements Coded {

    private final ErrorCode code;

    private ArtifactStoreException(String message, IOException cause, ErrorCode code) {
        super(message, cause);
        this.code = code;
    }

    static ArtifactStoreException notWritable(IOException cause) {
        return new ArtifactStoreException("The artifact store is not writable (" + problem(cause)
                + "); nothing was stored. An administrator must make hone.registry.artifact-dir writable", cause,
                ErrorCode.STORAGE_UNAVAILABLE);
    }

    static ArtifactStoreException cannotRead(String sha256, IOException cause) {
        return new ArtifactStoreException("Artifact " + sha256 + " cannot be read from the artifact store ("
                + problem(cause) + ")", cause, ErrorCode.STORAGE_UNREADABLE);
    }

    /** The object store cannot be written; {@code where} names its endpoint and bucket (no credentials). */
    static ArtifactStoreException objectStoreNotWritable(String where, String problem, IOException cause) {
        return new ArtifactStoreException("The artifact store " + where + " is not writable (" + problem
                + "); nothing was stored. An administrator must check hone.registry.s3.* and the credentials",
                cause, ErrorCode.STORAGE_UNAVAILABLE);
    }

    static ArtifactStoreException cannotRead(String sha256, String problem, IOException cause) {
        return new ArtifactStoreException("Artifact " + sha256 + " cannot be read from the artifact store ("
                + problem + ")", cause, ErrorCode.STORAGE_UNREADABLE);
    }

    /** The stored bytes do not hash to the artifact's name: the object was damaged or replaced. */
    static ArtifactStoreException damaged(String sha256) {
        return new ArtifactStoreException("Artifact " + sha256 + " in the artifact store does not match its"
                + " SHA-256: the stored copy is damaged", new IOException("SHA-256 mismatch"),
                ErrorCode.STORAGE_UNREADABLE);
    }

    /** STORAGE_UNAVAILABLE when the store cannot be written, STORAGE_UNREADABLE when an artifact cannot be read. */
    @Override
    public ErrorCode code() {
        return code;
    }

    /** What went wrong, in words that hold no path (never a temporary file's name). */
    private static String problem(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "a directory of the store is missing";
            case FileAlreadyExistsException f -> "a file stands where the store needs a directory";
            case NotDirectoryException n -> "a file stands where the store needs a directory";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getClass().getSimpleName();
        };
    }
}
