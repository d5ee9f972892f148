package dev.hone.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
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
 * time an answered call took ({@code hone_prediction_seconds}, a histogram), the dynamic batcher's
 * passes ({@code hone_prediction_batch_rows}, {@code hone_prediction_batch_requests}) and the response
 * cache's hits and misses ({@code hone_prediction_cache_rows_total}), at {@code /q/metrics}.
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
    private final Map<Version, DistributionSummary> batchRows = new ConcurrentHashMap<>();
    private final Map<Version, DistributionSummary> batchRequests = new ConcurrentHashMap<>();

    public PredictionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Hits and misses of one version's response cache. */
    public record CacheCounters(Counter hits, Counter misses) {
        void count(int hit, int missed) {
            if (hit > 0) {
                hits.increment(hit);
            }
            if (missed > 0) {
                misses.increment(missed);
            }
        }
    }

    /** The response cache counters of a version ({@code hone_prediction_cache_rows_total{result=hit|miss}}). */
    public CacheCounters cacheCounters(String model, String version) {
        return new CacheCounters(cacheCounter(model, version, "hit"), cacheCounter(model, version, "miss"));
    }

    private Counter cacheCounter(String model, String version, String result) {
        return Counter.builder("hone.prediction.cache.rows")
                .description("Rows answered from the response cache (hit) or by the model (miss)")
                .tags("model", model, "version", version, "result", result).register(registry);
    }

    /** One forward pass of the batcher: its rows and the requests merged into it. */
    public void batch(String model, String version, int rowCount, int requests) {
        Version v = new Version(model, version);
        batchRows.computeIfAbsent(v, k -> DistributionSummary.builder("hone.prediction.batch.rows")
                .description("Rows per forward pass of the dynamic batcher")
                .tags("model", k.model(), "version", k.version()).register(registry)).record(rowCount);
        batchRequests.computeIfAbsent(v, k -> DistributionSummary.builder("hone.prediction.batch.requests")
                .description("Requests merged into one forward pass by the dynamic batcher")
                .tags("model", k.model(), "version", k.version()).register(registry)).record(requests);
    }

    /**
     * One request to a deployment, by the version and role ({@code stable}, {@code canary}) that
     * answered: {@code hone_deployment_requests_total{deployment,version,role,outcome}} and, when
     * answered, {@code hone_deployment_seconds} (a histogram).
     */
    public void deployment(String deployment, String version, String role, Outcome outcome, long startNanos) {
        Routed k = new Routed(deployment, version, role);
        deploymentCalls.computeIfAbsent(new RoutedCalls(k, outcome), c -> Counter.builder("hone.deployment.requests")
                .description("Requests to a deployment by answering version and role")
                .tags("deployment", deployment, "version", version, "role", role, "outcome", outcome.tag())
                .register(registry)).increment();
        if (outcome == Outcome.OK) {
            deploymentLatency.computeIfAbsent(k, r -> Timer.builder("hone.deployment")
                    .description("Time to answer a deployment's request, by version and role")
                    .tags("deployment", deployment, "version", version, "role", role)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1).dividedBy(20))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry)).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    private record Routed(String deployment, String version, String role) {
    }

    private record RoutedCalls(Routed routed, Outcome outcome) {
    }

    private final Map<RoutedCalls, Counter> deploymentCalls = new ConcurrentHashMap<>();
    private final Map<Routed, Timer> deploymentLatency = new ConcurrentHashMap<>();

    /**
     * Rows copied to a deployment's shadow version ({@code hone_deployment_shadow_rows_total} by
     * {@code result}: answered, failed, dropped) and, for a classifier, those it labelled as the
     * answer did ({@code hone_deployment_shadow_agreeing_rows_total}; {@code agreeing} -1 otherwise).
     */
    public void shadow(String deployment, String version, String result, int rowCount, int agreeing) {
        Counter.builder("hone.deployment.shadow.rows").description("Rows copied to a deployment's shadow version")
                .tags("deployment", deployment, "version", version, "result", result).register(registry)
                .increment(rowCount);
        if (agreeing >= 0) {
            Counter.builder("hone.deployment.shadow.agreeing.rows")
                    .description("Shadow rows labelled as the answer was")
                    .tags("deployment", deployment, "version", version).register(registry).increment(agreeing);
        }
    }

    /** A regression shadow's distance from the value answered. */
    public void shadowDifference(String deployment, String version, double difference) {
        DistributionSummary.builder("hone.deployment.shadow.difference")
                .description("Absolute difference between a regression shadow's value and the answer")
                .tags("deployment", deployment, "version", version).register(registry).record(difference);
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
