package dev.hone.api.error;

import dev.hone.errors.ErrorCode;

/** The client called more often than its rate limit allows; it may try again after the wait. */
public class RateLimitedError extends ApiError {
    private final long retryAfterMillis;

    public RateLimitedError(String message, long retryAfterMillis) {
        super(ErrorCode.RATE_LIMITED, message);
        this.retryAfterMillis = retryAfterMillis;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
