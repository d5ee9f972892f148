package dev.hone.registry.common;

import dev.hone.errors.ErrorCode;
import dev.hone.errors.HoneException;

/** A request that cannot be carried out as given. The message names the field and the problem. */
public class InvalidInputException extends HoneException {
    public InvalidInputException(String message) {
        super(ErrorCode.INVALID_INPUT, message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(ErrorCode.INVALID_INPUT, message, cause);
    }

    /** A more particular kind of bad input, with its own code. */
    protected InvalidInputException(ErrorCode code, String message) {
        super(code, message);
    }
}
