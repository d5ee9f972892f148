package dev.hone.api.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the console signs people in when identities come from Keycloak. */
@ConfigMapping(prefix = "hone.console")
public interface ConsoleSettings {

    /**
     * The realm's issuer as browsers reach it (application.properties defaults it to the one the
     * API checks tokens against, {@code quarkus.oidc.auth-server-url}).
     */
    String oidcIssuer();

    /** The realm's public client for the console: authorization-code flow with PKCE, no secret. */
    @WithDefault("hone-console")
    String oidcClientId();
}
