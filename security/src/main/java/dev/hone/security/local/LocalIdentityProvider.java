package dev.hone.security.local;

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

    public LocalIdentityProvider(LocalUserService users) {
        this.users = users;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> users
                .authenticate(request.getUsername(), request.getPassword().getPassword())
                .map(p -> (SecurityIdentity) QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(p.username()))
                        .addRoles(p.roles())
                        .build())
                .orElseThrow(() -> new AuthenticationFailedException("Invalid user name or password")));
    }
}
