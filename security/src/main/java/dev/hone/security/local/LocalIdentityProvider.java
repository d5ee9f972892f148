package dev.hone.security.local;

import dev.hone.security.SecurityConfig;
import dev.hone.security.signin.SignInGuard;
import dev.hone.security.signin.SignInThrottle;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Authenticates HTTP Basic credentials against the local users. An attempt for a user, or from a
 * client, with repeated failures waits first (without holding a thread), whatever its password;
 * the refusal itself is logged and counted by {@link SignInGuard}.
 */
@ApplicationScoped
public class LocalIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final LocalUserService users;
    private final SignInThrottle throttle;
    private final boolean enabled;

    public LocalIdentityProvider(LocalUserService users, SignInThrottle throttle, SecurityConfig config) {
        this.users = users;
        this.throttle = throttle;
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
        String user = request.getUsername();
        Duration hold = throttle.holdFor(user, SignInGuard.clientOf(request));
        Uni<Void> ready = hold.isZero() ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(hold);
        return ready.chain(() -> context.runBlocking(() -> {
            LocalUserService.Principal p = users.authenticate(user, request.getPassword().getPassword())
                    .orElseThrow(() -> new AuthenticationFailedException("Invalid user name or password"));
            throttle.succeeded(user);
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(p.username()))
                    .addRoles(p.roles())
                    .build();
        }));
    }
}
