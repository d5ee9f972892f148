package dev.hone.registry.common;

/** An upload over the configured size limit; nothing of it was kept. */
public class PayloadTooLargeException extends InvalidInputException {
    public PayloadTooLargeException(String message) {
        super(message);
    }
}
