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

    /** One version's counts over a time span, summed over processes. */
    public record Totals(long requests, long errors, long[] latency, Map<String, Long> labels, long feedback,
            long feedbackCorrect, double feedbackSquaredError) {

        public Totals(long requests, long errors, long[] latency, Map<String, Long> labels) {
            this(requests, errors, latency, labels, 0, 0, 0);
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

    @Transactional
    public void append(List<ServingWindow> rows) {
        windows.persist(rows);
    }

    @Transactional
    public Totals totals(String deployment, long versionId, Instant since) {
        long requests = 0;
        long errors = 0;
        long[] latency = new long[LATENCY_BOUNDS_MILLIS.length + 1];
        Map<String, Long> labels = new TreeMap<>();
        long feedback = 0;
        long correct = 0;
        double squared = 0;
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
        }
        return new Totals(requests, errors, latency, labels, feedback, correct, squared);
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

    /** A JSON object of label counts. */
    public static class LabelCounts extends TreeMap<String, Long> {
    }
}
