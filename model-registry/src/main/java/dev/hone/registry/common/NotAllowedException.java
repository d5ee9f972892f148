package dev.hone.registry.common;

/** The caller may in general do this, but not here (for example, approving their own work). */
public class NotAllowedException extends RuntimeException {
    public NotAllowedException(String message) {
        super(message);
    }
}
