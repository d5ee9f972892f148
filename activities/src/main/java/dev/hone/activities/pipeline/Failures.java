package dev.hone.activities.pipeline;

import dev.hone.ml.data.CsvFormatException;
import dev.hone.ml.preprocess.PreprocessingException;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.workflows.common.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.Callable;

/** Turns bad-input exceptions into non-retryable failures; everything else stays retryable. */
final class Failures {

    private Failures() {
    }

    static <T> T classify(Callable<T> work) {
        try {
            return work.call();
        } catch (PreprocessingException | CsvFormatException | InvalidInputException | IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(),
                    FailureType.INVALID_INPUT.name(), e);
        } catch (NotFoundException e) {
            throw ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), FailureType.NOT_FOUND.name(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
