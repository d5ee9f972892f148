package dev.hone.api.error;

import dev.hone.errors.ErrorCode;

/** An upload over the configured size limit. ({@link ErrorCode#PAYLOAD_TOO_LARGE}) */
public class PayloadTooLargeError extends ApiError {
    public PayloadTooLargeError(String message) {
        super(ErrorCode.PAYLOAD_TOO_LARGE, message);
    }
}
