package dev.hone.registry.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;

/**
 * The artifact store cannot be written or read: a full disk, missing permissions, a file where a
 * directory belongs. The message names the problem without the store's path (callers see it; the
 * path is in the server log); nothing half-written is left behind when it is thrown.
 */
public class ArtifactStoreException extends UncheckedIOException {

    private ArtifactStoreException(String message, IOException cause) {
        super(message, cause);
    }

    static ArtifactStoreException cannotWrite(IOException cause) {
        return new ArtifactStoreException("The artifact store cannot be written (" + problem(cause)
                + "); nothing was stored. An administrator must make hone.registry.artifact-dir writable", cause);
    }

    static ArtifactStoreException cannotRead(String sha256, IOException cause) {
        return new ArtifactStoreException("Artifact " + sha256 + " cannot be read from the artifact store ("
                + problem(cause) + ")", cause);
    }

    /** What went wrong, in words that hold no path. */
    private static String problem(IOException e) {
        return switch (e) {
            case AccessDeniedException a -> "permission denied";
            case FileAlreadyExistsException f -> "a file is where one of its directories belongs";
            case NotDirectoryException n -> "a file is where one of its directories belongs";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getClass().getSimpleName();
        };
    }
}
