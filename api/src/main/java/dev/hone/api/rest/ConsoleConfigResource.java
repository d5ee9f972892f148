package dev.hone.api.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How the console signs people in: with local users, or with Keycloak (which issuer, which public
 * client). Open to everybody, because the console needs it before anyone has signed in; it holds
 * nothing secret.
 */
@Path("/console/config")
public class ConsoleConfigResource {

    /** The console's sign-in settings; {@code issuer} and {@code clientId} only in Keycloak mode. */
    public record ConsoleConfig(String identity, String issuer, String clientId) {
    }

    private final ConsoleConfig config;

    public ConsoleConfigResource(
            @ConfigProperty(name = "hone.security.identity") String identity,
            @ConfigProperty(name = "hone.console.oidc-issuer") String issuer,
            @ConfigProperty(name = "hone.console.oidc-client-id") String clientId) {
        boolean keycloak = identity.trim().toLowerCase(Locale.ROOT).equals("keycloak");
        this.config = keycloak ? new ConsoleConfig("keycloak", issuer, clientId) : new ConsoleConfig("local", null, null);
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public ConsoleConfig config() {
        return config;
    }
}
