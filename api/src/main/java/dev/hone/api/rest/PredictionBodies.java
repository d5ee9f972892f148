package dev.hone.api.rest;

import dev.hone.api.runtime.Limits;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads prediction request bodies (HTTP/1.1) whole on the I/O thread, up to
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
        // HTTP/1.1 only: RESTEasy pauses the request as it starts, which an HTTP/2 stream whose body
        // was read already refuses ("Request has already been read"); HTTP/2 keeps the framework's path.
        Handler<RoutingContext> http1 = rc -> {
            if (rc.request().version() == HttpVersion.HTTP_2) {
                rc.next();
            } else {
                whole.handle(rc);
            }
        };
        router.postWithRegex("/api/models/[^/]+/predict").order(AFTER_AUTHENTICATION).handler(http1);
        router.postWithRegex("/api/deployments/[^/]+/(predict|feedback)").order(AFTER_AUTHENTICATION).handler(http1);
        router.postWithRegex("/v2/models/.+/infer").order(AFTER_AUTHENTICATION).handler(http1);
    }
}
