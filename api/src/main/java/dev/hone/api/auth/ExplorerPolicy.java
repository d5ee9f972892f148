package dev.hone.api.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may open the API explorer's page (GraphiQL at {@code /q/graphql-ui}). With local users, a
 * signed-in user: the browser's Basic prompt signs in, and every query of the explorer then carries
 * those credentials. With Keycloak, anyone may load the page (it is public code and reads no data): a
 * browser navigation carries no bearer token, so the page could not open otherwise, and each query
 * needs the token pasted into the explorer's Headers tab, as {@code /graphql} refuses it without.
 */
@ApplicationScoped
public class ExplorerPolicy implements HttpSecurityPolicy {

    private final boolean localUsers;

    public ExplorerPolicy(@ConfigProperty(name = "hone.security.identity") String identity) {
        this.localUsers = "local".equals(identity);
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext requestContext) {
        if (!localUsers) {
            return Uni.createFrom().item(CheckResult.PERMIT);
        }
        return identity.map(id -> id.isAnonymous() ? CheckResult.DENY : CheckResult.PERMIT);
    }

    @Override
    public String name() {
        return "explorer";
    }
}
