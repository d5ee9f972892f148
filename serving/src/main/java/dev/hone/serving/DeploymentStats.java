package dev.hone.serving;

import dev.hone.ml.validation.DriftBaseline;
import dev.hone.registry.common.Json;
import dev.hone.registry.deploy.ServingWindow;
import dev.hone.registry.deploy.ServingWindowService;
import dev.hone.registry.model.ModelVersion;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.ToDoubleFunction;

/**
 * What this process's deployments answered, per version, written to the registry every few seconds
 * ({@link ServingWindow}: requests, errors, latency buckets, predicted labels, ground truth received
 * since the previous write), so that a canary analysis sums every serving process's view of a step's window. One row
 * per version and write, never one per request; windows older than a week are deleted.
 *
 * <p>Where the deployment's reference version (its canary while it has one, else its stable version) has a passport,
 * each answered row's input cells and prediction are also counted in the bins of that passport's drift baselines, for
 * both versions alike: a rollout step compares the canary with its passport and with the stable version in the same
 * bins. The population stability index of the last minutes' traffic against the passport is a gauge,
 * {@code hone_deployment_drift_psi{deployment,version,of=output|inputs}} (inputs: the most shifted column), NaN
 * until {@value #MIN_DRIFT_ROWS} rows are in view; each write keeps {@value #DECAY} of what was in view before
 * (a half-life of about a minute of traffic).
 */
@ApplicationScoped
public class DeploymentStats {

    static final Duration FLUSH = Duration.ofSeconds(2);
    private static final Duration KEEP = Duration.ofDays(7);

    /** Rows in view before the drift gauges give a figure: fewer make the index mostly noise. */
    static final int MIN_DRIFT_ROWS = 200;
    /** What each flush keeps of the rows in view for the drift gauges. */
    static final double DECAY = 0.977;
    /** Flushes without a request after which a window and its gauges are dropped (five minutes). */
    private static final int IDLE_FLUSHES = 150;

    private record Key(String deployment, long versionId, Long referenceVersionId) {
    }

    private static final class Window {
        final DriftReferences.Reference reference;
        final AtomicLongArray output;
        final AtomicLongArray[] inputs;
        /** Guarded by the flush: the decayed rows in view, per bin. */
        final double[] recentOutput;
        final double[][] recentInputs;
        volatile double outputPsi = Double.NaN;
        volatile double inputsPsi = Double.NaN;
        int idle;
        List<Gauge> gauges = List.of();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLongArray latency = new AtomicLongArray(ServingWindowService.LATENCY_BOUNDS_MILLIS.length + 1);
        final Map<String, AtomicLong> labels = new ConcurrentHashMap<>();
        final AtomicLong feedback = new AtomicLong();
        final AtomicLong feedbackCorrect = new AtomicLong();
        final DoubleAdder feedbackSquaredError = new DoubleAdder();

        Window(DriftReferences.Reference reference) {
            this.reference = reference;
            if (reference == null) {
                output = null;
                inputs = null;
                recentOutput = null;
                recentInputs = null;
            } else {
                output = new AtomicLongArray(reference.outputBins().bins());
                recentOutput = new double[output.length()];
                inputs = new AtomicLongArray[reference.inputBins().size()];
                recentInputs = new double[inputs.length][];
                for (int c = 0; c < inputs.length; c++) {
                    inputs[c] = new AtomicLongArray(reference.inputBins().get(c).bins());
                    recentInputs[c] = new double[inputs[c].length()];
                }
            }
        }

        void count(List<Map<String, String>> rows, List<Prediction> predictions) {
            if (reference == null) {
                return;
            }
            for (int r = 0; r < predictions.size(); r++) {
                Prediction p = predictions.get(r);
                output.incrementAndGet(p.label() != null ? reference.outputBins().bin(p.label())
                        : reference.outputBins().bin(p.value()));
                Map<String, String> row = rows.get(r);
                for (int c = 0; c < inputs.length; c++) {
                    String cell = row.get(reference.inputs().get(c).column());
                    inputs[c].incrementAndGet(reference.inputBins().get(c).bin(cell));
                }
            }
        }
    }

    private final ServingWindowService windows;
    private final DriftReferences references;
    private final MeterRegistry registry;
    private final Map<Key, Window> open = new ConcurrentHashMap<>();
    private final String process = ProcessHandle.current().pid() + "@" + hostName();
    private ScheduledExecutorService flusher;
    private long flushes;

    public DeploymentStats(ServingWindowService windows, DriftReferences references, MeterRegistry registry) {
        this.windows = windows;
        this.references = references;
        this.registry = registry;
    }

    /**
     * An answered request of {@code version}: its latency, the labels it predicted (a classifier's), and its rows
     * and predictions in the bins of {@code reference}'s passport (the deployment's canary, else its stable version).
     */
    public void answered(String deployment, ModelVersion version, ModelVersion reference, long startNanos,
            List<Map<String, String>> rows, List<Prediction> predictions) {
        Window w = window(deployment, version.id, Integer.toString(version.version), reference.id);
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
        w.count(rows, predictions);
    }

    /** A request the version failed to answer. */
    public void failed(String deployment, ModelVersion version) {
        Window w = window(deployment, version.id, Integer.toString(version.version), null);
        w.requests.incrementAndGet();
        w.errors.incrementAndGet();
    }

    /** Ground truth for one of the version's earlier predictions: right or not (a classifier's), or its squared error. */
    public void feedback(String deployment, long versionId, boolean correct, double squaredError) {
        Window w = window(deployment, versionId, null, null);
        w.feedback.incrementAndGet();
        if (correct) {
            w.feedbackCorrect.incrementAndGet();
        }
        w.feedbackSquaredError.add(squaredError);
    }

    /** The open window; one made now counts in the reference's bins when it has a passport. */
    private Window window(String deployment, long versionId, String version, Long referenceVersionId) {
        startFlushing();
        Key key = new Key(deployment, versionId, referenceVersionId);
        Window w = open.get(key);
        if (w != null) {
            return w;
        }
        // Read outside computeIfAbsent: the first request of a version may read its passport from the registry.
        DriftReferences.Reference reference = referenceVersionId == null ? null
                : references.of(referenceVersionId).orElse(null);
        return open.computeIfAbsent(key, k -> {
            Window made = new Window(reference);
            if (reference != null && version != null) {
                made.gauges = List.of(gauge(made, deployment, version, "output", x -> x.outputPsi),
                        gauge(made, deployment, version, "inputs", x -> x.inputsPsi));
            }
            return made;
        });
    }

    private Gauge gauge(Window w, String deployment, String version, String of, ToDoubleFunction<Window> value) {
        return Gauge.builder("hone.deployment.drift.psi", w, value)
                .description("Population stability index of a deployed version's recent traffic against the "
                        + "passport of the deployment's reference version: its output, or its most shifted input "
                        + "column")
                .tags("deployment", deployment, "version", version, "of", of).register(registry);
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
            if (w.requests.get() == 0 && w.feedback.get() == 0 && ++w.idle >= IDLE_FLUSHES) {
                // A request that took the window just before it goes is still counted below, unless it counts after
                // this very read: one request in five idle minutes, at most.
                open.remove(e.getKey(), w);
                w.gauges.forEach(registry::remove);
            }
            long requests = w.requests.getAndSet(0);
            long feedback = w.feedback.getAndSet(0);
            if (requests == 0 && feedback == 0) {
                continue;
            }
            w.idle = 0;
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
            if (w.reference != null) {
                long[] output = drain(w.output, w.recentOutput);
                Map<String, long[]> inputs = new LinkedHashMap<>();
                for (int c = 0; c < w.inputs.length; c++) {
                    inputs.put(w.reference.inputs().get(c).column(), drain(w.inputs[c], w.recentInputs[c]));
                }
                row.referenceVersionId = w.reference.versionId();
                row.outputBinsJson = Json.write(output);
                row.inputBinsJson = Json.write(inputs);
                w.outputPsi = psi(w.reference.output(), w.recentOutput);
                double worst = Double.NaN;
                for (int c = 0; c < w.inputs.length; c++) {
                    double p = psi(w.reference.inputs().get(c), w.recentInputs[c]);
                    worst = Double.isNaN(worst) || p > worst ? p : worst;
                }
                w.inputsPsi = worst;
            }
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

    /** The counts since the last flush, reset; {@code recent} decays and takes them in. */
    private static long[] drain(AtomicLongArray counts, double[] recent) {
        long[] out = new long[counts.length()];
        for (int b = 0; b < out.length; b++) {
            out[b] = counts.getAndSet(b, 0);
            recent[b] = recent[b] * DECAY + out[b];
        }
        return out;
    }

    /** The index of the rows in view against the baseline; NaN while too few are in view. */
    static double psi(DriftBaseline baseline, double[] recent) {
        double rows = 0;
        for (double c : recent) {
            rows += c;
        }
        if (rows < MIN_DRIFT_ROWS) {
            return Double.NaN;
        }
        double[] actual = new double[recent.length];
        for (int b = 0; b < actual.length; b++) {
            actual[b] = recent[b] / rows;
        }
        return DriftBaseline.psi(baseline.shares().stream().mapToDouble(Double::doubleValue).toArray(), actual);
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
