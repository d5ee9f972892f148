package dev.hone.registry.common;

/** A request that cannot be carried out as given. The message names the field and the problem. */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
