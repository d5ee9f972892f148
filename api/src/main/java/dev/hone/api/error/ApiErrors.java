package dev.hone.api.error;

import dev.hone.errors.Coded;

/** Translates the domain exceptions of the library modules into API errors, by their code. */
public final class ApiErrors {
    private ApiErrors() {
    }

    /**
     * The API error for a failure that carries a code clients see (a code of the service's inside,
     * such as ENDED, is answered by the code it names, INTERNAL), or null when the failure carries
     * none: an unexpected fault, which the caller reports as INTERNAL after logging it.
     */
    public static ApiError translate(Throwable t) {
        if (t instanceof ApiError e) {
            return e;
        }
        if (t instanceof Coded coded && coded.code().answeredAs() != dev.hone.errors.ErrorCode.INTERNAL) {
            return new ApiError(coded.code(), t.getMessage());
        }
        return null;
    }
}
