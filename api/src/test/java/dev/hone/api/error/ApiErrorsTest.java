package dev.hone.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.errors.ErrorCode;
import dev.hone.errors.HoneException;
import dev.hone.registry.common.EndedException;
import dev.hone.registry.common.NotAllowedException;
import dev.hone.registry.common.PayloadTooLargeException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API answers every failure that carries a code with the code clients see and its status. */
class ApiErrorsTest {

    @Test
    void everyCodeIsAnsweredWithTheCodeClientsSeeItsStatusAndItsMessage() {
        for (ErrorCode code : ErrorCode.values()) {
            ApiError error = ApiErrors.translate(new HoneException(code, "because of " + code));
            if (code.answeredAs() == ErrorCode.INTERNAL) {
                assertThat(error).as("%s is an unexpected fault to the caller, logged as one", code).isNull();
                continue;
            }
            assertThat(error.code()).isEqualTo(code.answeredAs());
            assertThat(error.httpStatus()).isEqualTo(code.answeredAs().httpStatus());
            assertThat(error.getMessage()).isEqualTo("because of " + code);
            assertThat(error.getExtensions()).isEqualTo(Map.of("code", code.answeredAs().name()));
        }
    }

    @Test
    void theRegistrysRefusalsKeepTheirPublicCodes() {
        assertThat(ApiErrors.translate(new NotAllowedException("four eyes")).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(ApiErrors.translate(new PayloadTooLargeException("over 100 MiB")).httpStatus()).isEqualTo(413);
        assertThat(ApiErrors.translate(new EndedException("Run 7 has ended"))).isNull();
        assertThat(ApiErrors.translate(new IllegalStateException("unexpected"))).isNull();
    }
}
