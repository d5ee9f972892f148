package dev.hone.api.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Cheap checks in front of the GraphQL endpoint: no credentials, no GraphQL at all (so the schema
 * cannot be introspected anonymously). The body is then read within its size limit by
 * {@code GraphQLRequestBody}; depth and complexity limits are set in the configuration;
 * permissions are checked per operation.
 */
@ApplicationScoped
public class GraphQLGuard {

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
        rc.next();
    }

    private static void refuse(RoutingContext rc, int status, String code, String message) {
        JsonObject error = new JsonObject().put("message", message)
                .put("extensions", new JsonObject().put("code", code));
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }
}
