package dev.hone.registry.common;

import dev.hone.errors.ErrorCode;

/** An upload over the configured size limit; nothing of it was kept. */
public class PayloadTooLargeException extends InvalidInputException {
    public PayloadTooLargeException(String message) {
        super(ErrorCode.PAYLOAD_TOO_LARGE, message);
    }
}
