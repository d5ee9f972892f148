package dev.hone.api.auth;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every HTTP request an id (the caller's {@code X-Request-Id} when it is sane, else a new
 * one), echoes it in the response, and makes it available to the audit log.
 */
@ApplicationScoped
public class RequestIds {

    static final String HEADER = "X-Request-Id";
    private static final String KEY = "hone.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final CurrentVertxRequest current;

    public RequestIds(CurrentVertxRequest current) {
        this.current = current;
    }

    void install(@Observes Router router) {
        router.route().order(-100).handler(rc -> {
            String given = rc.request().getHeader(HEADER);
            String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
            rc.put(KEY, id);
            rc.response().putHeader(HEADER, id);
            rc.next();
        });
    }

    /** The id of the request being served, or a fresh one outside an HTTP request. */
    public String current() {
        RoutingContext rc = current.getCurrent();
        String id = rc == null ? null : rc.get(KEY);
        return id != null ? id : UUID.randomUUID().toString();
    }
}
