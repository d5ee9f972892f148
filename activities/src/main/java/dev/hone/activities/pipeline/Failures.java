package dev.hone.activities.pipeline;

import dev.hone.ml.data.CsvFormatException;
import dev.hone.ml.preprocess.PreprocessingException;
import dev.hone.registry.artifact.ArtifactStoreException;
import dev.hone.registry.common.EndedException;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.workflows.common.FailureType;
import io.quarkus.logging.Log;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.Callable;

/**
 * Turns the exceptions of the libraries into the workflow service's two families: non-retryable
 * failures (bad input, a missing record, an ended run, an unwritable store), whose message is the
 * one a user reads, and retryable ones (everything else).
 */
public final class Failures {

    private Failures() {
    }

    public static <T> T classify(Callable<T> work) {
        try {
            return work.call();
        } catch (PreprocessingException | CsvFormatException | InvalidInputException | IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(),
                    FailureType.INVALID_INPUT.name(), e);
        } catch (NotFoundException e) {
            throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), FailureType.NOT_FOUND.name(), e);
        } catch (EndedException e) {
            Log.infof("Dropped work of an ended run: %s", e.getMessage());
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureType.ENDED.name());
        } catch (ArtifactStoreException e) {
            if (!e.isWriteFault()) {
                throw e; // a read may succeed on the next try (a network file system, a worker's disk)
            }
            // The message names the reason; the store's path and the cause are in the log.
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureType.STORAGE.name());
        } catch (RuntimeException e) {
            throw e;
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
}
