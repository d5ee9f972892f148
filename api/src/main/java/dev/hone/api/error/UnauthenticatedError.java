package dev.hone.api.error;

import dev.hone.errors.ErrorCode;

/** The request carries no valid credentials. ({@link ErrorCode#UNAUTHENTICATED}) */
public class UnauthenticatedError extends ApiError {
    public UnauthenticatedError(String message) {
        super(ErrorCode.UNAUTHENTICATED, message);
    }
}
