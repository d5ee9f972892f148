package dev.hone.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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

    /** Refused sign-ins: when Hone starts holding further attempts, and for how long. */
    SignIn signIn();

    /**
     * Brute-force slowdown. After {@code free-failures} refused sign-ins for one user name, or from
     * one client address, every further attempt for that user or from that client waits until
     * {@code base-delay × 2^(failures − free-failures)} (at most {@code max-delay}) has passed since
     * the last failure; then it is checked as usual. A successful sign-in clears the user's count;
     * a client's count and an idle user's are forgotten after {@code forget-after} without failures.
     */
    interface SignIn {
        /** Refused sign-ins a user name or a client address may have before its attempts are held. */
        @WithDefault("5")
        int freeFailures();

        /** The first hold; each further failure doubles it. */
        @WithDefault("1s")
        Duration baseDelay();

        /** The longest hold. */
        @WithDefault("30s")
        Duration maxDelay();

        /** A user name or client address without failures for this long starts again from zero. */
        @WithDefault("15m")
        Duration forgetAfter();
    }
}
