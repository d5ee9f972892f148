package dev.hone.registry.common;

import dev.hone.errors.ErrorCode;
import dev.hone.errors.HoneException;

/** The caller may in general do this, but not here (for example, approving their own work). */
public class NotAllowedException extends HoneException {
    public NotAllowedException(String message) {
        super(ErrorCode.FORBIDDEN, message);
    }
}
