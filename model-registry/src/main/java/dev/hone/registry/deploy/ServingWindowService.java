package dev.hone.registry.deploy;

import dev.hone.registry.common.Json;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The serving windows: written by serving processes, summed by the canary analysis. */
@ApplicationScoped
public class ServingWindowService {

    /** Upper bounds of the latency buckets, in milliseconds; the last bucket is everything above. */
    public static final double[] LATENCY_BOUNDS_MILLIS = {0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000,
        2000, 5000};

    @ApplicationScoped
    public static class ServingWindowRepository implements PanacheRepository<ServingWindow> {
    }

    private final ServingWindowRepository windows;

    public ServingWindowService(ServingWindowRepository windows) {
        this.windows = windows;
    }

    /**
     * One version's counts over a time span, summed over processes; {@code bins} its inputs and outputs counted in
     * a reference version's passport bins, when asked for (else null).
     */
    public record Totals(long requests, long errors, long[] latency, Map<String, Long> labels, long feedback,
            long feedbackCorrect, double feedbackSquaredError, Bins bins) {

        public Totals(long requests, long errors, long[] latency, Map<String, Long> labels) {
            this(requests, errors, latency, labels, 0, 0, 0, null);
        }

        public Totals(long requests, long errors, long[] latency, Map<String, Long> labels, long feedback,
                long feedbackCorrect, double feedbackSquaredError) {
            this(requests, errors, latency, labels, feedback, feedbackCorrect, feedbackSquaredError, null);
        }

        /** The latency below which {@code q} of the answered requests fell (a bucket's upper bound), in ms. */
        public double latencyQuantileMillis(double q) {
            long answered = 0;
            for (long c : latency) {
                answered += c;
            }
            if (answered == 0) {
                return Double.NaN;
            }
            long seen = 0;
            for (int b = 0; b < latency.length; b++) {
                seen += latency[b];
                if (seen >= q * answered) {
                    return b < LATENCY_BOUNDS_MILLIS.length ? LATENCY_BOUNDS_MILLIS[b] : Double.POSITIVE_INFINITY;
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }

    /**
     * Rows counted in the bins of one reference version's passport drift baselines: {@code output} per bin of its
     * output baseline, {@code inputs} per bin of each input column's; {@code rows} how many rows were counted.
     */
    public record Bins(long referenceVersionId, long rows, long[] output, Map<String, long[]> inputs) {
    }

    @Transactional
    public void append(List<ServingWindow> rows) {
        windows.persist(rows);
    }

    @Transactional
    public Totals totals(String deployment, long versionId, Instant since) {
        return totals(deployment, versionId, since, null);
    }

    /**
     * As {@link #totals(String, long, Instant)}, with the version's rows counted in the bins of {@code reference}'s
     * passport (summed over the windows that counted in them; null bins when none did, or when {@code reference} is
     * null).
     */
    @Transactional
    public Totals totals(String deployment, long versionId, Instant since, Long reference) {
        long requests = 0;
        long errors = 0;
        long[] latency = new long[LATENCY_BOUNDS_MILLIS.length + 1];
        Map<String, Long> labels = new TreeMap<>();
        long feedback = 0;
        long correct = 0;
        double squared = 0;
        long binned = 0;
        long[] output = null;
        Map<String, long[]> inputs = new TreeMap<>();
        for (ServingWindow w : windows.list("deployment = ?1 and versionId = ?2 and recordedAt >= ?3", deployment,
                versionId, since)) {
            requests += w.requests;
            errors += w.errors;
            long[] l = Json.read(w.latencyJson, long[].class);
            for (int b = 0; b < Math.min(l.length, latency.length); b++) {
                latency[b] += l[b];
            }
            Json.read(w.labelsJson, LabelCounts.class).forEach((k, v) -> labels.merge(k, v, Long::sum));
            feedback += w.feedback;
            correct += w.feedbackCorrect;
            squared += w.feedbackSquaredError;
            if (reference != null && reference.equals(w.referenceVersionId) && w.outputBinsJson != null) {
                long[] o = Json.read(w.outputBinsJson, long[].class);
                output = add(output, o);
                Json.read(w.inputBinsJson, InputBins.class)
                        .forEach((column, b) -> inputs.merge(column, b, ServingWindowService::add));
                for (long c : o) {
                    binned += c;
                }
            }
        }
        Bins bins = output == null ? null : new Bins(reference, binned, output, inputs);
        return new Totals(requests, errors, latency, labels, feedback, correct, squared, bins);
    }

    /**
     * The secret called {@code name}: the stored one, or {@code fresh} stored now when there is none
     * (two processes asking at once both get the one stored first).
     */
    @Transactional
    public String secret(String name, String fresh) {
        windows.getEntityManager().createNativeQuery("insert into serving_secret (name, secret) values (?1, ?2) "
                + "on conflict (name) do nothing").setParameter(1, name).setParameter(2, fresh).executeUpdate();
        return (String) windows.getEntityManager().createNativeQuery("select secret from serving_secret where name = ?1")
                .setParameter(1, name).getSingleResult();
    }

    /** Deletes windows older than {@code before}; returns how many. */
    @Transactional
    public long deleteBefore(Instant before) {
        return windows.delete("recordedAt < ?1", before);
    }

    private static long[] add(long[] sum, long[] more) {
        if (sum == null) {
            return more.clone();
        }
        if (sum.length != more.length) {
            throw new IllegalStateException("Serving windows of one reference version counted in " + sum.length
                    + " and " + more.length + " bins");
        }
        for (int b = 0; b < sum.length; b++) {
            sum[b] += more[b];
        }
        return sum;
    }

    /** A JSON object of each input column's bin counts. */
    public static class InputBins extends TreeMap<String, long[]> {
    }

    /** A JSON object of label counts. */
    public static class LabelCounts extends TreeMap<String, Long> {
    }
}
