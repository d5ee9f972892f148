package dev.hone.registry.common;

/** A record that a caller named does not exist. The message names what was looked for. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
