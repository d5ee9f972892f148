package dev.hone.ml.servable;

import dev.hone.errors.Coded;
import dev.hone.errors.ErrorCode;

/**
 * A stored model that cannot be loaded: an unknown kind, or a descriptor or content that is not a
 * model of its kind. The message names the kind and the problem. It stays an
 * {@code IllegalArgumentException}, which the loaders below it throw and callers catch.
 */
public class ServableArtifactException extends IllegalArgumentException implements Coded {

    public ServableArtifactException(String message) {
        super(message);
    }

    public ServableArtifactException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.INVALID_INPUT;
    }
}
