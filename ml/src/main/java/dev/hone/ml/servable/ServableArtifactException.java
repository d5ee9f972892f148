package dev.hone.ml.servable;

/**
 * A stored model that cannot be loaded: an unknown kind, or a descriptor or content that is not a
 * model of its kind. The message names the kind and the problem.
 */
public class ServableArtifactException extends IllegalArgumentException {

    public ServableArtifactException(String message) {
        super(message);
    }

    public ServableArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
