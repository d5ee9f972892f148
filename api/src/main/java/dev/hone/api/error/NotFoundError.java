package dev.hone.api.error;

import dev.hone.errors.ErrorCode;

/** A record or artifact that the request names does not exist. ({@link ErrorCode#NOT_FOUND}) */
public class NotFoundError extends ApiError {
    public NotFoundError(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }
}
