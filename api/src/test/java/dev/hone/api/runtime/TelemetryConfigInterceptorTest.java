package dev.hone.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Traces are on exactly when an OTLP endpoint is configured, unless the operator says otherwise. */
class TelemetryConfigInterceptorTest {

    private static boolean sdkDisabled(Map<String, String> set) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withInterceptors(new TelemetryConfigInterceptor())
                // The extension's own defaults, as Quarkus sets them (a negative ordinal).
                .withDefaultValue(TelemetryConfigInterceptor.ENDPOINT, "http://localhost:4317/")
                .withDefaultValue(TelemetryConfigInterceptor.SDK_DISABLED, "false")
                .withSources(new PropertiesConfigSource(set, "test", 250))
                .build();
        return config.getValue(TelemetryConfigInterceptor.SDK_DISABLED, Boolean.class);
    }

    @Test
    void withoutAnEndpointTheSdkIsOffAndNothingConnects() {
        assertThat(sdkDisabled(Map.of())).isTrue();
        assertThat(sdkDisabled(Map.of(TelemetryConfigInterceptor.ENDPOINT, " "))).isTrue();
    }

    @Test
    void anEndpointTurnsTracesOn() {
        assertThat(sdkDisabled(Map.of(TelemetryConfigInterceptor.ENDPOINT, "http://collector:4317"))).isFalse();
        assertThat(sdkDisabled(Map.of(TelemetryConfigInterceptor.TRACES_ENDPOINT, "http://collector:4318")))
                .isFalse();
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(sdkDisabled(Map.of(TelemetryConfigInterceptor.ENDPOINT, "http://collector:4317",
                TelemetryConfigInterceptor.SDK_DISABLED, "true"))).isTrue();
        assertThat(sdkDisabled(Map.of(TelemetryConfigInterceptor.SDK_DISABLED, "false"))).isFalse();
    }
}
