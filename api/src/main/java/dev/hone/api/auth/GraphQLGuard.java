package dev.hone.api.auth;

import dev.hone.api.runtime.Limits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Cheap checks in front of the GraphQL endpoint: no credentials, no GraphQL at all (so the schema
 * cannot be introspected anonymously), and no oversized documents. Depth and complexity limits
 * are set in the configuration; permissions are checked per operation.
 */
@ApplicationScoped
public class GraphQLGuard {

    private final long maxRequestBytes;

    public GraphQLGuard(Limits limits) {
        this.maxRequestBytes = limits.graphqlRequestBytes();
    }

    void install(@Observes Router router) {
        // Before authentication: a refused sign-in from the console must not open the browser's
        // own password dialog, which a challenge header would (the console shows its own message).
        router.route().order(-10_000).handler(GraphQLGuard::noChallengeForScripts);
        router.route("/graphql").order(-90).handler(this::check);
    }

    /**
     * Requests marked {@code X-Requested-With: XMLHttpRequest} (the console's) get their 401s
     * without {@code WWW-Authenticate}; other clients keep the challenge.
     */
    static void noChallengeForScripts(RoutingContext rc) {
        if ("XMLHttpRequest".equalsIgnoreCase(rc.request().getHeader("X-Requested-With"))) {
            rc.addHeadersEndHandler(v -> rc.response().headers().remove("WWW-Authenticate"));
        }
        rc.next();
    }

    private void check(RoutingContext rc) {
        if (rc.request().getHeader("Authorization") == null) {
            refuse(rc, 401, "UNAUTHENTICATED", "Sign in first: every GraphQL operation needs credentials");
            return;
        }
        String length = rc.request().getHeader("Content-Length");
        if (length != null && parse(length) > maxRequestBytes) {
            refuse(rc, 413, "PAYLOAD_TOO_LARGE", "GraphQL requests may have at most " + maxRequestBytes + " bytes");
            return;
        }
        rc.next();
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void refuse(RoutingContext rc, int status, String code, String message) {
        JsonObject error = new JsonObject().put("message", message)
                .put("extensions", new JsonObject().put("code", code));
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }
}
