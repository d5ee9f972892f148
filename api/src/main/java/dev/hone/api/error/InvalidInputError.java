package dev.hone.api.error;

import dev.hone.errors.ErrorCode;

/** The request cannot be carried out as given; the message names the field and the problem. */
public class InvalidInputError extends ApiError {

    public InvalidInputError(String message) {
        super(ErrorCode.INVALID_INPUT, message);
    }

    /**
     * A size above its configured limit: names the field, the value, the limit and the key that
     * raises it, so the caller knows what to change and an administrator what to configure.
     */
    public static InvalidInputError overLimit(String field, long value, long limit, String key) {
        return new InvalidInputError("'" + field + "' is " + value + ", above the limit of " + limit
                + "; an administrator can raise it with " + key);
    }
}
