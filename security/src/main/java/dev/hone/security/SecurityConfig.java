package dev.hone.security;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Security settings. */
@ConfigMapping(prefix = "hone.security")
public interface SecurityConfig {

    /**
     * Password of the local {@code admin} user, normally from the HONE_ADMIN_PASSWORD environment
     * variable. When absent, one is generated on first start and printed once.
     */
    Optional<String> adminPassword();
}
