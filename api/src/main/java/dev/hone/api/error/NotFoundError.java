package dev.hone.api.error;

import io.smallrye.graphql.api.ErrorCode;

/** A record or artifact that the request names does not exist. */
@ErrorCode("NOT_FOUND")
public class NotFoundError extends ApiError {
    public NotFoundError(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "NOT_FOUND";
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
