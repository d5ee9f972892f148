package dev.hone.api.rest;

import dev.hone.errors.ErrorCode;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.List;

/**
 * JSON bodies for the errors the HTTP layer answers before any resource runs, which came with an
 * empty body although docs/api.md promises {@code {"code","message"}}: wrong or missing credentials
 * (401, with the usual {@code WWW-Authenticate} challenge), a path policy's 403, bodies beyond the
 * server's cap (413), and paths under {@code /api} that match nothing (404). GraphQL callers get the
 * same codes in GraphQL's shape. Also refuses matrix parameters in {@code /api} paths, which JAX-RS
 * would silently drop ({@code POST /api/datasets/x;anything} stored data set {@code x}).
 */
@ApplicationScoped
public class HttpErrorBodies {

    /** After authentication (filter order -200), before the path policies (-100). */
    private static final int AFTER_AUTHENTICATION = -150;

    void install(@Observes Router router) {
        router.route().order(-20_000).failureHandler(this::failure);
        router.route("/api/*").order(AFTER_AUTHENTICATION).handler(this::beforePolicies);
        router.route("/v2/models/*").order(AFTER_AUTHENTICATION).handler(this::beforePolicies);
        // Reached only when no resource took the request.
        for (String paths : List.of("/api/*", "/v2/*")) {
            router.route(paths).order(Integer.MAX_VALUE).handler(rc -> send(rc, ErrorCode.NOT_FOUND, "Nothing at "
                    + rc.request().method() + " " + rc.request().path() + "; see docs/api.md for the API"));
        }
    }

    private void beforePolicies(RoutingContext rc) {
        if (!(rc.user() instanceof QuarkusHttpUser user) || user.getSecurityIdentity().isAnonymous()) {
            // The path policy would send the challenge with an empty body; fail the same way it
            // would, so the failure handler answers with the challenge and a message.
            rc.fail(new UnauthorizedException());
            return;
        }
        String uri = rc.request().uri();
        if (uri.contains("%00") || uri.contains("\u0000")) {
            send(rc, ErrorCode.INVALID_INPUT, "NUL characters (%00) are not accepted in paths or parameters");
            return;
        }
        if (rc.request().path().indexOf(';') >= 0) {
            send(rc, ErrorCode.INVALID_INPUT, "Matrix parameters (';' in a path segment) are not accepted: "
                    + rc.request().path() + " would be read as a different name");
            return;
        }
        rc.next();
    }

    private void failure(RoutingContext rc) {
        if (rc.response().ended() || !(isApi(rc) || isGraphQL(rc))) {
            rc.next();
            return;
        }
        Throwable failure = rc.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || failure instanceof AuthenticationCompletionException) {
            challenge(rc, failure instanceof UnauthorizedException
                    ? "Sign in first: this needs credentials (HTTP Basic for local users, a bearer token with Keycloak)"
                    : "The credentials were not accepted: wrong user name or password, or an invalid or expired token");
        } else if (failure instanceof AuthenticationRedirectException) {
            rc.next();
        } else if (failure instanceof IOException) {
            // Thrown while reading the request (a multipart body that is not one, a broken-off upload).
            send(rc, ErrorCode.INVALID_INPUT, "The request body could not be read: " + failure.getMessage());
        } else if (failure instanceof ForbiddenException) {
            send(rc, ErrorCode.FORBIDDEN, "None of your roles may do this");
        } else if (failure == null && rc.statusCode() == 413 && isApi(rc)) {
            // (GraphQLRequestBody answers its own, naming the GraphQL limit.)
            send(rc, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than the server accepts");
        } else if (failure == null && rc.statusCode() == 405) {
            send(rc, ErrorCode.METHOD_NOT_ALLOWED, rc.request().method() + " " + rc.request().path()
                    + " is not offered" + (isGraphQL(rc) ? "; GraphQL takes POST" : "; see docs/api.md"));
        } else if (failure == null && rc.statusCode() == 404) {
            send(rc, ErrorCode.NOT_FOUND, "Nothing at " + rc.request().method() + " " + rc.request().path());
        } else {
            rc.next();
        }
    }

    /** 401 with the challenge of the configured mechanism (Basic or Bearer), and a message. */
    private void challenge(RoutingContext rc, String message) {
        HttpAuthenticator authenticator = rc.get(HttpAuthenticator.class.getName());
        if (authenticator == null) {
            send(rc, ErrorCode.UNAUTHENTICATED, message);
            return;
        }
        authenticator.getChallenge(rc).subscribe().with(challenge -> {
            if (challenge != null) {
                for (var header : challenge.getHeaders().entrySet()) {
                    rc.response().headers().set(header.getKey(), header.getValue());
                }
            }
            send(rc, ErrorCode.UNAUTHENTICATED, message);
        }, e -> {
            Log.warnf(e, "No authentication challenge for %s", rc.request().path());
            send(rc, ErrorCode.UNAUTHENTICATED, message);
        });
    }

    private static boolean isApi(RoutingContext rc) {
        String path = rc.request().path();
        return path.startsWith("/api/") || path.equals("/v2") || path.startsWith("/v2/");
    }

    private static boolean isGraphQL(RoutingContext rc) {
        return rc.request().path().equals("/graphql");
    }

    /**
     * REST's {@code {"code","message"}} (with the Open Inference Protocol's {@code "error"}, the
     * same message), or GraphQL's error list on {@code /graphql}.
     */
    static void send(RoutingContext rc, ErrorCode code, String message) {
        if (rc.response().ended()) {
            return;
        }
        int status = code.httpStatus();
        JsonObject body = isGraphQL(rc)
                ? new JsonObject().put("errors", new JsonArray().add(new JsonObject().put("message", message)
                        .put("extensions", new JsonObject().put("code", code.name()))))
                : new JsonObject().put("code", code.name()).put("message", message).put("error", message);
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
