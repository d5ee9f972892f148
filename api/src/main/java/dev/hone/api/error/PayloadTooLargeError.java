package dev.hone.api.error;

import io.smallrye.graphql.api.ErrorCode;

/** An upload over the configured size limit. */
@ErrorCode("PAYLOAD_TOO_LARGE")
public class PayloadTooLargeError extends ApiError {
    public PayloadTooLargeError(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "PAYLOAD_TOO_LARGE";
    }

    @Override
    public int httpStatus() {
        return 413;
    }
}
