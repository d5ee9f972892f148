package dev.hone.api;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/**
 * Test-only span exporter: the application's spans go here instead of to an OTLP endpoint (a
 * {@link SpanExporter} bean takes the exporter's place), kept in memory only while a test records,
 * so the other tests' spans do not pile up.
 */
@ApplicationScoped
public class RecordedSpans implements SpanExporter {

    private final InMemorySpanExporter memory = InMemorySpanExporter.create();
    private volatile boolean recording;

    /** Forgets what was kept and keeps what is exported from now on. */
    void record() {
        memory.reset();
        recording = true;
    }

    /** Stops keeping spans. */
    void stop() {
        recording = false;
    }

    List<SpanData> spans() {
        return memory.getFinishedSpanItems();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return recording ? memory.export(spans) : CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
