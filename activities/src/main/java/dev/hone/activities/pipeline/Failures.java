package dev.hone.activities.pipeline;

import dev.hone.errors.Coded;
import dev.hone.errors.ErrorCode;
import dev.hone.registry.artifact.ArtifactStoreException;
import io.quarkus.logging.Log;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.Callable;

/**
 * Turns the exceptions of the libraries into what the workflow service sees: an exception that
 * carries its {@link ErrorCode} becomes an {@code ApplicationFailure} of the code's name, retried
 * only when the code is retryable; its message is the one a user reads. An
 * {@code IllegalArgumentException} (a library refusing an argument) is bad input. Everything else
 * is an unexpected fault, passed on as it is and retried.
 */
public final class Failures {

    private Failures() {
    }

    public static <T> T classify(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw translate(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #classify(Callable)} for work without a result. */
    public static void classify(Runnable work) {
        classify(() -> {
            work.run();
            return null;
        });
    }

    /** A failure of {@code code}: non-retryable unless the code is retryable. */
    public static ApplicationFailure failure(ErrorCode code, String message) {
        return failure(code, message, null);
    }

    /** The failure the workflow service sees for {@code e}: see the class comment. */
    static RuntimeException translate(RuntimeException e) {
        if (e instanceof ApplicationFailure) {
            return e;
        }
        ErrorCode code = e instanceof Coded coded ? coded.code()
                : e instanceof IllegalArgumentException ? ErrorCode.INVALID_INPUT : null;
        if (code == null) {
            return e;
        }
        if (code == ErrorCode.ENDED) {
            Log.infof("Dropped work of an ended run: %s", e.getMessage());
        }
        // A store's fault names its reason; the store's path and the cause are in the server log.
        return failure(code, e.getMessage(), e instanceof ArtifactStoreException ? null : e);
    }

    private static ApplicationFailure failure(ErrorCode code, String message, Throwable cause) {
        return code.retryable()
                ? ApplicationFailure.newFailureWithCause(message, code.name(), cause)
                : ApplicationFailure.newNonRetryableFailureWithCause(message, code.name(), cause);
    }
}
