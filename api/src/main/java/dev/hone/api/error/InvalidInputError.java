package dev.hone.api.error;

import io.smallrye.graphql.api.ErrorCode;

/** The request cannot be carried out as given; the message names the field and the problem. */
@ErrorCode("INVALID_INPUT")
public class InvalidInputError extends ApiError {
    public InvalidInputError(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "INVALID_INPUT";
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
