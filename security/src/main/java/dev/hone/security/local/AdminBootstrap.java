package dev.hone.security.local;

import dev.hone.security.SecurityConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.List;

/**
 * Makes sure the local {@code admin} user exists. Its password comes from HONE_ADMIN_PASSWORD;
 * without it, a random one is generated on first start and printed once.
 */
@ApplicationScoped
public class AdminBootstrap {

    static final String ADMIN = "admin";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    void onStart(@Observes StartupEvent event, LocalUserService users, SecurityConfig config) {
        if (config.identity() != SecurityConfig.Identity.LOCAL) {
            return;
        }
        try {
            ensureAdmin(users, config);
        } catch (RuntimeException e) {
            if (!createdConcurrently(e)) {
                throw e;
            }
            // Another process sharing the database (a worker starting with its server) created the
            // user at the same moment: look again, as that process's state is now committed.
            ensureAdmin(users, config);
        }
    }

    private static void ensureAdmin(LocalUserService users, SecurityConfig config) {
        var configured = config.adminPassword().filter(p -> !p.isBlank());
        if (configured.isPresent()) {
            if (!users.passwordMatches(ADMIN, configured.get())) {
                users.save(ADMIN, configured.get(), List.of("admin"));
                Log.info("Local user 'admin' takes its password from HONE_ADMIN_PASSWORD");
            }
        } else if (!users.exists(ADMIN)) {
            String password = generate();
            users.save(ADMIN, password, List.of("admin"));
            // One line a user can paste into the shell the README's commands run in; shown only here.
            Log.infof("%n%n    Created local user 'admin'. Its password is shown only now: in the shell you run the%n"
                    + "    README's commands from, run%n%n        export HONE_ADMIN_PASSWORD='%s'%n%n"
                    + "    (or set HONE_ADMIN_PASSWORD before starting Hone to choose your own).%n", password);
        }
    }

    /** True when the insert lost a race for the same primary key (SQLState 23505, unique violation). */
    private static boolean createdConcurrently(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
