package dev.hone.registry.artifact;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The artifact store itself cannot be written (permissions, a full disk, a read-only or missing
 * directory): a fault of the installation, not of the request, which the same work would meet again
 * until an operator fixes the store.
 */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "The artifact store at /data/artifacts is not writable: permission denied". */
    public static StorageException notWritable(Path root, IOException cause) {
        return new StorageException("The artifact store at " + root + " is not writable: " + reason(cause), cause);
    }

    /** What went wrong, in words that hold for any file of the store (never a temporary file's name). */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "a directory of the store is missing";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return "a file stands where the store needs a directory";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
