package dev.hone.api.error;

import io.smallrye.graphql.api.ErrorCode;

/** The caller is known but none of its roles grants the operation. */
@ErrorCode("FORBIDDEN")
public class ForbiddenError extends ApiError {
    public ForbiddenError(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "FORBIDDEN";
    }

    @Override
    public int httpStatus() {
        return 403;
    }
}
