package dev.hone.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Security settings. */
@ConfigMapping(prefix = "hone.security")
public interface SecurityConfig {

    /** Where identities come from. */
    enum Identity {
        /** Local users with HTTP Basic (embedded mode). */
        LOCAL,
        /** Keycloak bearer tokens through OIDC; local users are refused. */
        KEYCLOAK
    }

    /** The one switch between local users and Keycloak. */
    @WithDefault("local")
    Identity identity();

    /**
     * Password of the local {@code admin} user, normally from the HONE_ADMIN_PASSWORD environment
     * variable. When absent, one is generated on first start and printed once.
     */
    Optional<String> adminPassword();

    /** Sustained prediction calls a second per client. */
    @WithDefault("20")
    double predictRatePerSecond();

    /** Prediction calls a client may make at once before the sustained rate applies. */
    @WithDefault("40")
    int predictBurst();
}
