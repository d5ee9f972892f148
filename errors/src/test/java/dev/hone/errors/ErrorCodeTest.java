package dev.hone.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void badInputAndEndedOrCancelledWorkAreNeverRetried() {
        assertThat(ErrorCode.nonRetryable()).contains("INVALID_INPUT", "NOT_FOUND", "CANCELLED", "ENDED",
                "STORAGE_UNAVAILABLE", "NO_COMPLETED_TRIAL", "STAGE_FAILED");
        assertThat(ErrorCode.nonRetryable()).doesNotContain("WORKER_STOPPING", "STORAGE_UNREADABLE", "INTERNAL",
                "RATE_LIMITED");
    }

    @Test
    void everyCodeIsAnsweredWithACodeClientsSeeAndItsStatus() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.answeredAs().seenByClients()).as("%s is answered with a client code", code).isTrue();
            assertThat(code.httpStatus()).as("status of %s", code).isEqualTo(code.answeredAs().httpStatus())
                    .isBetween(400, 599);
            assertThat(code.description()).as("description of %s", code).isNotBlank();
        }
        assertThat(ErrorCode.STORAGE_UNREADABLE.answeredAs()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
        assertThat(ErrorCode.ENDED.answeredAs()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(ErrorCode.NOT_FOUND.httpStatus()).isEqualTo(404);
    }

    @Test
    void theCodesOfRecordedHistoriesAndOfThePublicApiKeepTheirNames() {
        // Recorded workflow histories and clients hold these names: never rename one.
        assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name)).contains("INVALID_INPUT", "NOT_FOUND",
                "CANCELLED", "ENDED", "WORKER_STOPPING", "UNAUTHENTICATED", "FORBIDDEN", "METHOD_NOT_ALLOWED",
                "UNSUPPORTED_MEDIA_TYPE", "RATE_LIMITED", "PAYLOAD_TOO_LARGE", "STORAGE_UNAVAILABLE",
                "WORKFLOW_SERVICE_UNAVAILABLE");
        assertThat(ErrorCode.ofName("java.lang.IllegalStateException")).isNull();
        assertThat(ErrorCode.ofName("ENDED")).isEqualTo(ErrorCode.ENDED);
    }
}
