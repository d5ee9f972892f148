package dev.hone.api.error;

/**
 * An error a caller can act on. GraphQL reports it with {@code extensions.code}; REST with the
 * matching HTTP status and a JSON body {@code {"code": ..., "message": ...}}. Never a stack trace.
 */
public abstract class ApiError extends RuntimeException {
    protected ApiError(String message) {
        super(message, null, false, false);
    }

    /** Stable machine-readable code, e.g. NOT_FOUND. */
    public abstract String code();

    public abstract int httpStatus();
}
