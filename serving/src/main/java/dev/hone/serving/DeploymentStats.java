package dev.hone.serving;

import dev.hone.registry.common.Json;
import dev.hone.registry.deploy.ServingWindow;
import dev.hone.registry.deploy.ServingWindowService;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What this process's deployments answered, per version, written to the registry every few seconds
 * ({@link ServingWindow}: requests, errors, latency buckets, predicted labels, ground truth received
 * since the previous write), so that a canary analysis sums every serving process's view of a step's window. One row
 * per version and write, never one per request; windows older than a week are deleted.
 */
@ApplicationScoped
public class DeploymentStats {

    static final Duration FLUSH = Duration.ofSeconds(2);
    private static final Duration KEEP = Duration.ofDays(7);

    private record Key(String deployment, long versionId) {
    }

    private static final class Window {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLongArray latency = new AtomicLongArray(ServingWindowService.LATENCY_BOUNDS_MILLIS.length + 1);
        final Map<String, AtomicLong> labels = new ConcurrentHashMap<>();
        final AtomicLong feedback = new AtomicLong();
        final AtomicLong feedbackCorrect = new AtomicLong();
        final java.util.concurrent.atomic.DoubleAdder feedbackSquaredError = new java.util.concurrent.atomic.DoubleAdder();
    }

    private final ServingWindowService windows;
    private final Map<Key, Window> open = new ConcurrentHashMap<>();
    private final String process = ProcessHandle.current().pid() + "@" + hostName();
    private ScheduledExecutorService flusher;
    private long flushes;

    public DeploymentStats(ServingWindowService windows) {
        this.windows = windows;
    }

    /** An answered request: its latency and the labels it predicted (a classifier's). */
    public void answered(String deployment, long versionId, long startNanos, List<Prediction> predictions) {
        Window w = window(deployment, versionId);
        w.requests.incrementAndGet();
        double millis = (System.nanoTime() - startNanos) / 1e6;
        int bucket = 0;
        while (bucket < ServingWindowService.LATENCY_BOUNDS_MILLIS.length
                && millis > ServingWindowService.LATENCY_BOUNDS_MILLIS[bucket]) {
            bucket++;
        }
        w.latency.incrementAndGet(bucket);
        for (Prediction p : predictions) {
            if (p.label() != null) {
                w.labels.computeIfAbsent(p.label(), l -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    /** A request the version failed to answer. */
    public void failed(String deployment, long versionId) {
        Window w = window(deployment, versionId);
        w.requests.incrementAndGet();
        w.errors.incrementAndGet();
    }

    /** Ground truth for one of the version's earlier predictions: right or not (a classifier's), or its squared error. */
    public void feedback(String deployment, long versionId, boolean correct, double squaredError) {
        Window w = window(deployment, versionId);
        w.feedback.incrementAndGet();
        if (correct) {
            w.feedbackCorrect.incrementAndGet();
        }
        w.feedbackSquaredError.add(squaredError);
    }

    private Window window(String deployment, long versionId) {
        startFlushing();
        return open.computeIfAbsent(new Key(deployment, versionId), k -> new Window());
    }

    private synchronized void startFlushing() {
        if (flusher == null) {
            flusher = Executors.newSingleThreadScheduledExecutor(
                    r -> Thread.ofPlatform().daemon().name("hone-serving-windows").unstarted(r));
            flusher.scheduleWithFixedDelay(this::flush, FLUSH.toMillis(), FLUSH.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Writes what was counted since the previous write. */
    synchronized void flush() {
        Instant now = Instant.now();
        List<ServingWindow> rows = new ArrayList<>();
        for (var e : open.entrySet()) {
            Window w = e.getValue();
            long requests = w.requests.getAndSet(0);
            long feedback = w.feedback.getAndSet(0);
            if (requests == 0 && feedback == 0) {
                continue;
            }
            long[] latency = new long[w.latency.length()];
            for (int b = 0; b < latency.length; b++) {
                latency[b] = w.latency.getAndSet(b, 0);
            }
            Map<String, Long> labels = new TreeMap<>();
            w.labels.forEach((label, count) -> labels.put(label, count.getAndSet(0)));
            ServingWindow row = new ServingWindow();
            row.deployment = e.getKey().deployment();
            row.versionId = e.getKey().versionId();
            row.recordedAt = now;
            row.process = process;
            row.requests = requests;
            row.errors = w.errors.getAndSet(0);
            row.latencyJson = Json.write(latency);
            row.labelsJson = Json.write(labels);
            row.feedback = feedback;
            row.feedbackCorrect = w.feedbackCorrect.getAndSet(0);
            row.feedbackSquaredError = w.feedbackSquaredError.sumThenReset();
            rows.add(row);
        }
        try {
            if (!rows.isEmpty()) {
                windows.append(rows);
            }
            if (flushes++ % 1800 == 0) {
                windows.deleteBefore(now.minus(KEEP));
            }
        } catch (RuntimeException e) {
            Log.warnf("Could not write %d serving windows (what was counted since the last write is lost): %s",
                    rows.size(), e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        ScheduledExecutorService f;
        synchronized (this) {
            f = flusher;
        }
        if (f != null) {
            f.shutdownNow();
            flush();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
