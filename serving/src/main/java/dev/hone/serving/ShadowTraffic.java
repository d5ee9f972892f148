package dev.hone.serving;

import dev.hone.registry.model.ModelVersion;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A deployment's shadow version gets a copy of each request after it was answered, on a thread of
 * its own, and answers nobody: its answers are compared with the ones given (same label, or the
 * regression value's difference) in metrics. When shadow work piles up beyond its queue, copies are
 * dropped (counted) rather than slowing the answers down.
 */
@ApplicationScoped
public class ShadowTraffic {

    private static final int QUEUE = 256;

    private final ModelServer server;
    private final PredictionMetrics metrics;
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), r -> Thread.ofPlatform().daemon().name("hone-shadow").unstarted(r));

    public ShadowTraffic(ModelServer server, PredictionMetrics metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    /** Sends {@code rows}, answered with {@code answered}, to the deployment's shadow version. */
    public void copy(String deployment, ModelVersion shadow, List<Map<String, String>> rows, List<Prediction> answered) {
        String version = Integer.toString(shadow.version);
        try {
            executor.execute(() -> {
                try {
                    List<Prediction> shadowed = server.predict(shadow, rows);
                    int same = 0;
                    for (int r = 0; r < shadowed.size(); r++) {
                        Prediction a = answered.get(r);
                        Prediction s = shadowed.get(r);
                        if (a.label() != null) {
                            same += Objects.equals(a.label(), s.label()) ? 1 : 0;
                        } else {
                            metrics.shadowDifference(deployment, version, Math.abs(a.value() - s.value()));
                        }
                    }
                    metrics.shadow(deployment, version, "answered", rows.size(), answered.get(0).label() == null ? -1 : same);
                } catch (RuntimeException e) {
                    metrics.shadow(deployment, version, "failed", rows.size(), -1);
                }
            });
        } catch (RejectedExecutionException full) {
            metrics.shadow(deployment, version, "dropped", rows.size(), -1);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
