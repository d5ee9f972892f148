package dev.hone.api.error;

import io.smallrye.graphql.api.ErrorCode;

/** The request cannot be carried out as given; the message names the field and the problem. */
@ErrorCode("INVALID_INPUT")
public class InvalidInputError extends ApiError {
    public static final String CODE = "INVALID_INPUT";

    public InvalidInputError(String message) {
        super(message);
    }

    /**
     * A size above its configured limit: names the field, the value, the limit and the key that
     * raises it, so the caller knows what to change and an administrator what to configure.
     */
    public static InvalidInputError overLimit(String field, long value, long limit, String key) {
        return new InvalidInputError("'" + field + "' is " + value + ", above the limit of " + limit
                + "; an administrator can raise it with " + key);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
