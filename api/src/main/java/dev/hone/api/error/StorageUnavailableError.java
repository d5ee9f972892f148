package dev.hone.api.error;

import io.smallrye.graphql.api.ErrorCode;

/** The artifact store cannot be written or read; nothing of the request was kept. An operator must act. */
@ErrorCode("STORAGE_UNAVAILABLE")
public class StorageUnavailableError extends ApiError {
    public StorageUnavailableError(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "STORAGE_UNAVAILABLE";
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
