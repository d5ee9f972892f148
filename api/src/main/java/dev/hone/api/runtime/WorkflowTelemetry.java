package dev.hone.api.runtime;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentracing.Tracer;
import io.quarkus.logging.Log;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the workflow service's client and workers report. Traces: Temporal's OpenTracing
 * interceptors on a tracer backed by Quarkus's OpenTelemetry, so that one trace runs from the API
 * request through the workflow start, the workflow run and its activities down to their JDBC
 * statements (only when the OpenTelemetry SDK is on; see {@link TelemetryConfigInterceptor}).
 * Metrics: the SDK's own (task slots, pollers, schedule-to-start and execution latencies per task
 * queue) bridged into Micrometer, and Hone's run metrics ({@link RunMetrics}).
 */
@ApplicationScoped
public class WorkflowTelemetry {

    /** How often the SDK's counters and gauges are handed to Micrometer (its timers go at once). */
    static final com.uber.m3.util.Duration REPORT_EVERY = com.uber.m3.util.Duration.ofSeconds(5);

    private final OpenTracingOptions tracing;
    private final RunMetrics runMetrics;
    private final Scope metricsScope;

    public WorkflowTelemetry(OpenTelemetry openTelemetry, @ConfigProperty(name = "quarkus.otel.sdk.disabled")
            boolean tracingOff, MeterRegistry registry, RunMetrics runMetrics) {
        this.runMetrics = runMetrics;
        Tracer tracer = tracingOff ? null : OpenTracingShim.createTracerShim(openTelemetry);
        this.tracing = tracer == null ? null : OpenTracingOptions.newBuilder().setTracer(tracer).build();
        this.metricsScope = new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry))
                .reportEvery(REPORT_EVERY);
    }

    /** The scope the SDK reports its metrics to ({@code WorkflowServiceStubsOptions.setMetricsScope}). */
    public Scope metricsScope() {
        return metricsScope;
    }

    /** Interceptors of the workflow client: a span for each workflow start, signal, query and update. */
    public WorkflowClientInterceptor[] clientInterceptors() {
        return tracing == null ? new WorkflowClientInterceptor[0]
                : new WorkflowClientInterceptor[] {new OpenTracingClientInterceptor(tracing)};
    }

    /**
     * The workers' interceptors: {@code others} (the application's worker interceptor beans), then the
     * run metrics, then tracing. The SDK wraps them in array order, so the last is the outermost:
     * tracing's span covers everything the others do, and the metrics count what they let through.
     */
    public WorkerInterceptor[] workerInterceptors(List<WorkerInterceptor> others) {
        List<WorkerInterceptor> all = new ArrayList<>(others);
        all.add(runMetrics.interceptor());
        if (tracing != null) {
            all.add(new OpenTracingWorkerInterceptor(tracing));
        }
        return all.toArray(WorkerInterceptor[]::new);
    }

    @PreDestroy
    void close() {
        try {
            metricsScope.close();
        } catch (ScopeCloseException e) {
            Log.debugf(e, "The workflow service's metrics scope did not close cleanly");
        }
    }
}
