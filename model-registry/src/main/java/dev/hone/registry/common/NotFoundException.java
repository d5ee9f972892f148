package dev.hone.registry.common;

import dev.hone.errors.ErrorCode;
import dev.hone.errors.HoneException;

/** A record that a caller named does not exist. The message names what was looked for. */
public class NotFoundException extends HoneException {
    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }
}
