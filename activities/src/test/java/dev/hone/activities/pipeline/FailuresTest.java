package dev.hone.activities.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.errors.ErrorCode;
import dev.hone.errors.HoneException;
import dev.hone.ml.data.DataFormatException;
import dev.hone.registry.common.EndedException;
import dev.hone.registry.common.NotFoundException;
import io.temporal.failure.ApplicationFailure;
import java.util.ConcurrentModificationException;
import org.junit.jupiter.api.Test;

/** What the workflow service sees of an activity's exception: the code's name, retried only when retryable. */
class FailuresTest {

    @Test
    void everyCodeBecomesAFailureOfItsNameRetriedOnlyWhenRetryable() {
        for (ErrorCode code : ErrorCode.values()) {
            ApplicationFailure failure = thrownBy(() -> {
                throw new HoneException(code, "because of " + code);
            });
            assertThat(failure.getType()).isEqualTo(code.name());
            assertThat(failure.isNonRetryable()).as("%s non-retryable", code).isEqualTo(!code.retryable());
            assertThat(failure.getOriginalMessage()).isEqualTo("because of " + code);
        }
    }

    @Test
    void theLibrariesExceptionsKeepTheTypesTheRecordedHistoriesHold() {
        assertThat(thrownBy(() -> {
            throw new DataFormatException("line 3 has 2 columns, the header 3");
        })).satisfies(f -> {
            assertThat(f.getType()).isEqualTo("INVALID_INPUT");
            assertThat(f.isNonRetryable()).isTrue();
            assertThat(f.getOriginalMessage()).isEqualTo("line 3 has 2 columns, the header 3");
        });
        assertThat(thrownBy(() -> {
            throw new IllegalArgumentException("dropout must be below 1");
        }).getType()).isEqualTo("INVALID_INPUT");
        assertThat(thrownBy(() -> {
            throw new NotFoundException("No run 7");
        }).getType()).isEqualTo("NOT_FOUND");
        assertThat(thrownBy(() -> {
            throw new EndedException("Run 7 has ended");
        })).satisfies(f -> {
            assertThat(f.getType()).isEqualTo("ENDED");
            assertThat(f.isNonRetryable()).isTrue();
        });
    }

    @Test
    void anUnexpectedFaultPassesUnchangedAndIsRetried() {
        ConcurrentModificationException fault = new ConcurrentModificationException("a database hiccup");
        Runnable work = () -> {
            throw fault;
        };
        try {
            Failures.classify(work);
        } catch (RuntimeException e) {
            assertThat(e).isSameAs(fault);
            return;
        }
        throw new AssertionError("nothing was thrown");
    }

    private static ApplicationFailure thrownBy(Runnable work) {
        try {
            Failures.classify(work);
        } catch (ApplicationFailure e) {
            return e;
        }
        throw new AssertionError("no ApplicationFailure was thrown");
    }
}
