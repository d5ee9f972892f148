package dev.hone.errors;

import java.util.Objects;

/**
 * A failure of the service's own, with its code and a message a user can act on (it names the field,
 * the record or the limit at fault). Domain exceptions of every module extend it.
 */
public class HoneException extends RuntimeException implements Coded {

    private final ErrorCode code;

    public HoneException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public HoneException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    @Override
    public ErrorCode code() {
        return code;
    }
}
