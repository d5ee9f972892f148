package dev.hone.api.error;

import io.smallrye.graphql.api.ErrorCode;

/** The client called more often than its rate limit allows; it may try again after the wait. */
@ErrorCode("RATE_LIMITED")
public class RateLimitedError extends ApiError {
    private final long retryAfterMillis;

    public RateLimitedError(String message, long retryAfterMillis) {
        super(message);
        this.retryAfterMillis = retryAfterMillis;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    @Override
    public String code() {
        return "RATE_LIMITED";
    }

    @Override
    public int httpStatus() {
        return 429;
    }
}
