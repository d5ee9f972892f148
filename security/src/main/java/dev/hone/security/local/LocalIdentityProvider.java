package dev.hone.security.local;

import dev.hone.security.SecurityConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Authenticates HTTP Basic credentials against the local users. */
@ApplicationScoped
public class LocalIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final LocalUserService users;
    private final boolean enabled;

    public LocalIdentityProvider(LocalUserService users, SecurityConfig config) {
        this.users = users;
        this.enabled = config.identity() == SecurityConfig.Identity.LOCAL;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        if (!enabled) {
            return Uni.createFrom().failure(
                    new AuthenticationFailedException("Local users are off: this server takes Keycloak tokens"));
        }
        return context.runBlocking(() -> users
                .authenticate(request.getUsername(), request.getPassword().getPassword())
                .map(p -> (SecurityIdentity) QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(p.username()))
                        .addRoles(p.roles())
                        .build())
                .orElseThrow(() -> new AuthenticationFailedException("Invalid user name or password")));
    }
}
