package dev.hone.api.error;

import dev.hone.errors.ErrorCode;

/** The caller is known but none of its roles grants the operation, or a governance rule refuses it. ({@link ErrorCode#FORBIDDEN}) */
public class ForbiddenError extends ApiError {
    public ForbiddenError(String message) {
        super(ErrorCode.FORBIDDEN, message);
    }
}
