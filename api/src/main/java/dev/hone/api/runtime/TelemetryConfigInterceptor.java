package dev.hone.api.runtime;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Traces are exported by OTLP only when an endpoint is configured: unless an operator sets
 * {@code quarkus.otel.sdk.disabled} explicitly, the OpenTelemetry SDK is off exactly when neither
 * {@code quarkus.otel.exporter.otlp.endpoint} ({@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}) nor
 * {@code quarkus.otel.exporter.otlp.traces.endpoint} is set. Otherwise the exporter would try
 * {@code localhost:4317} and log a failure at every batch; and an SDK that is off costs nothing
 * (no spans, no JDBC wrapper, no Temporal tracing interceptors).
 */
public class TelemetryConfigInterceptor implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        // Defaults come from sources with negative ordinals; anything an operator set wins.
        if (!SDK_DISABLED.equals(name) || (value != null && value.getConfigSourceOrdinal() >= 0)) {
            return value;
        }
        boolean endpoint = isSet(context.proceed(ENDPOINT)) || isSet(context.proceed(TRACES_ENDPOINT));
        return ConfigValue.builder().withName(name).withValue(Boolean.toString(!endpoint))
                .withConfigSourceName(ENDPOINT).build();
    }

    /** Set by an operator: the extension's own default ({@code localhost:4317}) comes from a negative ordinal. */
    private static boolean isSet(ConfigValue value) {
        return value != null && value.getConfigSourceOrdinal() >= 0 && value.getValue() != null
                && !value.getValue().isBlank();
    }
}
