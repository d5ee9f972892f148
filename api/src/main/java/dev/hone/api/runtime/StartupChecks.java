package dev.hone.api.runtime;

import dev.hone.security.SecurityConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Outside embedded mode Hone serves real users and data: it refuses to start while a secret it
 * uses is missing or one of the well-known defaults.
 */
@ApplicationScoped
public class StartupChecks {

    static final Set<String> WELL_KNOWN = Set.of("", "admin", "password", "changeme", "change-me", "secret", "hone",
            "postgres", "root", "test", "123456", "12345678");

    void check(@Observes @Priority(1) StartupEvent event, HoneConfig config, SecurityConfig security,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> dbPassword) {
        if (config.mode() == HoneConfig.Mode.EMBEDDED) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (weak(dbPassword)) {
            problems.add("HONE_DB_PASSWORD (the database password) is missing or a well-known default");
        }
        if (security.identity() == SecurityConfig.Identity.LOCAL && weak(security.adminPassword())) {
            problems.add("HONE_ADMIN_PASSWORD is missing or a well-known default (local users outside embedded mode)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Hone will not start in " + config.mode().name().toLowerCase(Locale.ROOT)
                    + " mode: " + String.join("; ", problems) + ". Set them in the environment.");
        }
    }

    private static boolean weak(Optional<String> secret) {
        return secret.map(s -> WELL_KNOWN.contains(s.trim().toLowerCase(Locale.ROOT))).orElse(true);
    }
}
