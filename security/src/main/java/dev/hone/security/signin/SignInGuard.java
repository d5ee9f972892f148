package dev.hone.security.signin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Watches sign-ins over HTTP, whatever carries them (a request's Authorization header, or the
 * connection_init payload of a GraphQL WebSocket, which Quarkus checks as a header too): every
 * refused one is logged with the user name and client address (never the password or token), counted
 * in the metric {@code hone.sign_in.failures} (Prometheus: {@code hone_sign_in_failures_total}, tag
 * {@code scheme}), and recorded in the {@link SignInThrottle}. Password sign-ins are held per user
 * and client by the local identity provider; bearer tokens and WebSocket upgrades, whose checks are
 * not Hone's code, are held per client here, before authentication.
 */
@ApplicationScoped
public class SignInGuard {

    /** Before Quarkus authenticates (its authentication filter has priority 200, that is route order -200). */
    static final int BEFORE_AUTHENTICATION = -250;

    private final SignInThrottle throttle;
    private final Counter basicFailures;
    private final Counter bearerFailures;
    private final Counter otherFailures;

    public SignInGuard(SignInThrottle throttle, MeterRegistry registry) {
        this.throttle = throttle;
        this.basicFailures = counter(registry, "basic");
        this.bearerFailures = counter(registry, "bearer");
        this.otherFailures = counter(registry, "other");
    }

    private static Counter counter(MeterRegistry registry, String scheme) {
        return Counter.builder("hone.sign_in.failures")
                .description("Refused sign-ins: wrong password, unknown user, bad or expired token")
                .tag("scheme", scheme).register(registry);
    }

    void install(@Observes Router router) {
        router.route().order(BEFORE_AUTHENTICATION).handler(this::holdThrottledClient);
    }

    /** Holds a bearer-token request or a WebSocket upgrade from a client that is being held. */
    void holdThrottledClient(RoutingContext rc) {
        String authorization = rc.request().getHeader("Authorization");
        boolean bearer = authorization != null && scheme(authorization).equals("bearer");
        boolean upgrade = "websocket".equalsIgnoreCase(rc.request().getHeader("Upgrade"));
        long wait = bearer || upgrade ? throttle.holdFor(null, clientOf(rc)).toMillis() : 0;
        if (wait <= 0) {
            rc.next();
        } else {
            rc.vertx().setTimer(wait, id -> rc.next());
        }
    }

    void onFailure(@Observes AuthenticationFailureEvent event) {
        // Quarkus's HTTP authenticator files the request under the RoutingContext class name.
        RoutingContext rc = event.getEventProperties().get(RoutingContext.class.getName()) instanceof RoutingContext r
                ? r : HttpSecurityUtils.getRoutingContextAttribute(event.getEventProperties());
        String authorization = rc == null ? null : rc.request().getHeader("Authorization");
        if (authorization == null) {
            return; // no credentials were given: not a sign-in
        }
        String client = clientOf(rc);
        String scheme = scheme(authorization);
        switch (scheme) {
            case "basic" -> {
                String user = basicUser(authorization);
                SignInThrottle.Counts counts = throttle.failed(user, client);
                basicFailures.increment();
                Log.warnf("Refused sign-in of user '%s' from %s (password; failures in a row: %d for this user, "
                        + "%d from this client)", printable(user), client, counts.user(), counts.client());
            }
            case "bearer" -> {
                SignInThrottle.Counts counts = throttle.failed(null, client);
                bearerFailures.increment();
                Log.warnf("Refused bearer token from %s (it names user '%s'; failures in a row from this client: %d)",
                        client, printable(tokenUser(authorization)), counts.client());
            }
            default -> {
                SignInThrottle.Counts counts = throttle.failed(null, client);
                otherFailures.increment();
                Log.warnf("Refused %s credentials from %s (failures in a row from this client: %d)",
                        printable(scheme), client, counts.client());
            }
        }
    }

    /** The client's address: the TCP peer, or the forwarded one when an operator turned proxy forwarding on. */
    public static String clientOf(RoutingContext rc) {
        SocketAddress address = rc == null ? null : rc.request().remoteAddress();
        return address == null || address.hostAddress() == null ? "unknown" : address.hostAddress();
    }

    /** The client of an authentication request made over HTTP, or null. */
    public static String clientOf(AuthenticationRequest request) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        return rc == null ? null : clientOf(rc);
    }

    private static String scheme(String authorization) {
        int space = authorization.indexOf(' ');
        return (space < 0 ? authorization : authorization.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    private static String basicUser(String authorization) {
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The user a refused token claims to be, unverified and only for the log. */
    private static String tokenUser(String authorization) {
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            Object name = claims.getValue("preferred_username");
            return name instanceof String s ? s : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A value from the request, safe to put in one log line. */
    static String printable(String value) {
        if (value == null) {
            return "(unreadable)";
        }
        String s = value.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
