package dev.hone.ml.preprocess;

import dev.hone.errors.ErrorCode;
import dev.hone.errors.HoneException;

/**
 * The data or options cannot be preprocessed as asked. The message says what to change; the
 * error is not worth retrying.
 */
public final class PreprocessingException extends HoneException {

    public PreprocessingException(String message) {
        super(ErrorCode.INVALID_INPUT, message);
    }
}
