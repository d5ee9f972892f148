package dev.hone.api.error;

import dev.hone.errors.ErrorCode;

/** The client called more often than its rate limit allows; it may try again after the wait. */
public class RateLimitedError extends ApiError {
    private final long retryAfterMillis;
    private final boolean firstRefusal;

    /** {@code firstRefusal}: the client's previous call was allowed (only such refusals are audited). */
    public RateLimitedError(String message, long retryAfterMillis, boolean firstRefusal) {
        super(ErrorCode.RATE_LIMITED, message);
        this.retryAfterMillis = retryAfterMillis;
        this.firstRefusal = firstRefusal;
    }

    public boolean firstRefusal() {
        return firstRefusal;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
