package dev.hone.api.error;

import io.smallrye.graphql.api.ErrorCode;

/** The request carries no valid credentials. */
@ErrorCode("UNAUTHENTICATED")
public class UnauthenticatedError extends ApiError {
    public UnauthenticatedError(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "UNAUTHENTICATED";
    }

    @Override
    public int httpStatus() {
        return 401;
    }
}
