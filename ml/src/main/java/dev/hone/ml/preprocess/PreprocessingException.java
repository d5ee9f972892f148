package dev.hone.ml.preprocess;

/**
 * The data or options cannot be preprocessed as asked. The message says what to change; the
 * error is not worth retrying.
 */
public final class PreprocessingException extends RuntimeException {

    public PreprocessingException(String message) {
        super(message);
    }
}
