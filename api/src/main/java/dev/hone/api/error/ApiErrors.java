package dev.hone.api.error;

import dev.hone.ml.data.CsvFormatException;
import dev.hone.ml.preprocess.PreprocessingException;
import dev.hone.registry.artifact.ArtifactStoreException;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotAllowedException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.common.PayloadTooLargeException;
import dev.hone.runs.WorkflowServiceUnavailableException;

/** Translates domain exceptions from the library modules into API errors. */
public final class ApiErrors {
    private ApiErrors() {
    }

    /** The API error for a domain exception, or null when it is not one the caller can act on. */
    public static ApiError translate(Throwable t) {
        if (t instanceof ApiError e) {
            return e;
        }
        if (t instanceof NotFoundException e) {
            return new NotFoundError(e.getMessage());
        }
        if (t instanceof NotAllowedException e) {
            return new ForbiddenError(e.getMessage());
        }
        if (t instanceof ArtifactStoreException e) {
            return new StorageUnavailableError(e.getMessage());
        }
        if (t instanceof WorkflowServiceUnavailableException e) {
            return new WorkflowServiceUnavailableError(e.getMessage());
        }
        if (t instanceof PayloadTooLargeException e) {
            return new PayloadTooLargeError(e.getMessage());
        }
        if (t instanceof InvalidInputException || t instanceof CsvFormatException
                || t instanceof PreprocessingException) {
            return new InvalidInputError(t.getMessage());
        }
        return null;
    }
}
