package dev.hone.api.rest;

import dev.hone.api.runtime.ConsoleSettings;
import dev.hone.security.SecurityConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * How the console signs people in: with local users, or with Keycloak (which issuer, which public
 * client). Open to everybody, because the console needs it before anyone has signed in; it holds
 * nothing secret.
 */
@Path("/console/config")
public class ConsoleConfigResource {

    /** The console's sign-in settings; {@code issuer} and {@code clientId} only in Keycloak mode. */
    public record SignIn(String identity, String issuer, String clientId) {
    }

    private final SignIn signIn;

    public ConsoleConfigResource(SecurityConfig security, ConsoleSettings console) {
        this.signIn = security.identity() == SecurityConfig.Identity.KEYCLOAK
                ? new SignIn("keycloak", console.oidcIssuer(), console.oidcClientId())
                : new SignIn("local", null, null);
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public SignIn config() {
        return signIn;
    }
}
