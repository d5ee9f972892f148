package dev.hone.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Predictions as metrics, in place of audit rows: calls per model, version, caller and outcome
 * ({@code hone_predictions_total}), rows predicted ({@code hone_prediction_rows_total}) and the
 * time an answered call took ({@code hone_prediction_seconds}, a histogram), at {@code /q/metrics}.
 * A call refused before its version is known counts under model and version
 * {@value #UNRESOLVED}: names a caller made up never become series.
 */
@ApplicationScoped
public class PredictionMetrics {

    /** Model and version of a call refused before they were resolved. */
    public static final String UNRESOLVED = "(unresolved)";

    /** How a prediction call ended. */
    public enum Outcome {
        /** Answered. */
        OK,
        /** Bad input, or a version that may not serve. */
        INVALID,
        /** No such model, version or alias. */
        NOT_FOUND,
        /** Over the caller's rate limit. */
        RATE_LIMITED,
        /** The caller lacks the permission (or credentials). */
        DENIED,
        /** Anything else: a fault of the server. */
        ERROR;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Calls(String model, String version, String caller, Outcome outcome) {
    }

    private record Version(String model, String version) {
    }

    private final MeterRegistry registry;
    private final Map<Calls, Counter> calls = new ConcurrentHashMap<>();
    private final Map<Version, Counter> rows = new ConcurrentHashMap<>();
    private final Map<Version, Timer> latency = new ConcurrentHashMap<>();

    public PredictionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one call; an answered one also its rows and the time since {@code startNanos}. */
    public void record(String model, String version, String caller, Outcome outcome, int rowCount, long startNanos) {
        calls.computeIfAbsent(new Calls(model, version, caller, outcome), k -> Counter.builder("hone.predictions")
                .description("Prediction calls by model, version, caller and outcome")
                .tags("model", k.model(), "version", k.version(), "caller", k.caller(), "outcome", k.outcome().tag())
                .register(registry)).increment();
        if (outcome == Outcome.OK) {
            Version v = new Version(model, version);
            rows.computeIfAbsent(v, k -> Counter.builder("hone.prediction.rows")
                    .description("Rows predicted by model and version")
                    .tags("model", k.model(), "version", k.version()).register(registry)).increment(rowCount);
            latency.computeIfAbsent(v, k -> Timer.builder("hone.prediction")
                    .description("Time to answer a prediction call, by model and version")
                    .tags("model", k.model(), "version", k.version())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1).dividedBy(20))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry)).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }
}
