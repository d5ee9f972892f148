package dev.hone.api.auth;

import dev.hone.errors.ErrorCode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Cheap checks in front of the GraphQL endpoint: no credentials, no GraphQL at all (so the schema
 * cannot be introspected anonymously); POSTs only as {@code application/json} (a form or
 * {@code text/plain} POST is what a cross-site page can send without a CORS preflight); WebSocket
 * upgrades only from Hone's own origin, allowed origins, or clients that send no Origin (not
 * browsers). The body is then read within its size limit by {@code GraphQLRequestBody}; depth
 * and complexity limits are set in the configuration; permissions are checked per operation.
 */
@ApplicationScoped
public class GraphQLGuard {

    /** Just before the GraphQL WebSocket handler, which takes upgrades at route order -99. */
    private static final int BEFORE_WEBSOCKET = -110;

    private final Set<String> allowedOrigins;
    private final boolean localUsers;

    public GraphQLGuard(
            @ConfigProperty(name = "hone.api.websocket-allowed-origins") Optional<List<String>> allowedOrigins,
            @ConfigProperty(name = "hone.security.identity") String identity) {
        this.allowedOrigins = allowedOrigins.orElse(List.of()).stream().map(GraphQLGuard::normalize)
                .collect(Collectors.toUnmodifiableSet());
        this.localUsers = "local".equals(identity);
    }

    void install(@Observes Router router) {
        // Before authentication: a refused sign-in from the console must not open the browser's
        // own password dialog, which a challenge header would (the console shows its own message).
        router.route().order(-10_000).handler(GraphQLGuard::noChallengeForScripts);
        router.route("/graphql").order(BEFORE_WEBSOCKET).handler(this::checkWebSocketOrigin);
        router.route("/graphql").order(-90).handler(this::check);
    }

    /**
     * No CORS check applies to WebSockets: a page on any site may open one to Hone from a user's
     * browser, which may even attach HTTP Basic credentials it cached for Hone (cross-site
     * WebSocket hijacking), or reach a Hone only the user's machine can reach. So upgrades whose
     * Origin is neither this server's (the same host and port as the request's Host) nor configured
     * are refused; clients that send no Origin are not browsers and pass.
     */
    private void checkWebSocketOrigin(RoutingContext rc) {
        String origin = rc.request().getHeader("Origin");
        if (origin == null || !"websocket".equalsIgnoreCase(rc.request().getHeader("Upgrade"))
                || sameOrigin(origin, rc.request().getHeader("Host")) || allowedOrigins.contains(normalize(origin))) {
            rc.next();
            return;
        }
        refuseRest(rc, ErrorCode.FORBIDDEN, "WebSocket connections from origin '" + origin + "' are not allowed; an "
                + "operator can allow it with hone.api.websocket-allowed-origins");
    }

    static boolean sameOrigin(String origin, String host) {
        try {
            String authority = URI.create(origin).getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
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
        if (rc.request().method() == HttpMethod.POST && !isJson(rc.request().getHeader("Content-Type"))) {
            refuseRest(rc, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "GraphQL requests must be POSTed as application/json; got "
                    + (rc.request().getHeader("Content-Type") == null ? "no Content-Type"
                    : "'" + rc.request().getHeader("Content-Type") + "'"));
            return;
        }
        if (rc.request().getHeader("Authorization") == null) {
            if (localUsers) {
                // The challenge the sign-in of /q/graphql-ui answered: a browser that signed in there (the
                // explorer) sends the same credentials again (the console's requests drop it, see above).
                rc.response().putHeader("WWW-Authenticate", "basic");
            }
            refuse(rc, ErrorCode.UNAUTHENTICATED, "Sign in first: every GraphQL operation needs credentials");
            return;
        }
        rc.next();
    }

    /**
     * True for application/json, also when a client sent the header twice and it arrives folded into
     * a list ("application/json, application/json", as the GraphiQL explorer does).
     */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        for (String part : contentType.split(",")) {
            int semicolon = part.indexOf(';');
            if (!(semicolon < 0 ? part : part.substring(0, semicolon)).trim().equalsIgnoreCase("application/json")) {
                return false;
            }
        }
        return true;
    }

    /** A refusal of a request that is not GraphQL yet (wrong media type, foreign origin): {"code", "message"}. */
    private static void refuseRest(RoutingContext rc, ErrorCode code, String message) {
        rc.response().setStatusCode(code.httpStatus()).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("code", code.name()).put("message", message).encode());
    }

    private static void refuse(RoutingContext rc, ErrorCode code, String message) {
        JsonObject error = new JsonObject().put("message", message)
                .put("extensions", new JsonObject().put("code", code.name()));
        rc.response().setStatusCode(code.httpStatus()).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }
}
