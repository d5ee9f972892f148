package dev.hone.api.rest;

import dev.hone.api.runtime.Limits;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads prediction request bodies whole on the I/O thread, up to
 * {@link Limits#predictionRequestBytes()} (beyond it: 413), before the resource runs on a worker
 * thread. Without it the worker reads the body through a blocking stream that the I/O thread fills
 * and wakes chunk by chunk: measured, that hand-over took about a third of a one-row prediction's
 * server time (docs/benchmarks.md, "Serving").
 */
@ApplicationScoped
public class PredictionBodies {

    /** After authentication (-200), before the path policies (-100) and the resources. */
    private static final int AFTER_AUTHENTICATION = -140;

    void install(@Observes Router router, Limits limits) {
        BodyHandler whole = BodyHandler.create(false).setBodyLimit(limits.predictionRequestBytes());
        router.postWithRegex("/api/models/[^/]+/predict").order(AFTER_AUTHENTICATION).handler(whole);
        router.postWithRegex("/api/deployments/[^/]+/(predict|feedback)").order(AFTER_AUTHENTICATION).handler(whole);
        router.postWithRegex("/v2/models/.+/infer").order(AFTER_AUTHENTICATION).handler(whole);
    }
}
