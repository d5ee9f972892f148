package dev.hone.security.signin;

import dev.hone.security.SecurityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts refused sign-ins per user name and per client address and says how long the next attempt
 * must wait (the schedule is {@link SecurityConfig.SignIn}'s). The hold runs before the credentials
 * are checked, so a right password waits as long as a wrong one and the wait tells nothing.
 * In-process: each API process counts what it sees.
 */
@ApplicationScoped
public class SignInThrottle {

    /**
     * Keys kept at most. An attacker who sprays made-up user names could otherwise grow the map
     * without bound; over the limit, idle keys go first, then user keys (client keys stay, so the
     * sprayer's own address keeps being held).
     */
    static final int MAX_TRACKED = 50_000;

    private final int freeFailures;
    private final long baseNanos;
    private final long maxNanos;
    private final long forgetNanos;
    private final Map<String, Failures> byKey = new ConcurrentHashMap<>();

    public SignInThrottle(SecurityConfig config) {
        this.freeFailures = config.signIn().freeFailures();
        this.baseNanos = config.signIn().baseDelay().toNanos();
        this.maxNanos = config.signIn().maxDelay().toNanos();
        this.forgetNanos = config.signIn().forgetAfter().toNanos();
    }

    private record Failures(int count, long lastNanos) {
    }

    /**
     * How long an attempt for this user (null when unknown, as for a bearer token) from this
     * client must wait now: zero, or until the hold after the last failure of either has passed.
     */
    public Duration holdFor(String user, String client) {
        long now = System.nanoTime();
        long wait = 0;
        for (String key : keys(user, client)) {
            Failures f = byKey.get(key);
            if (f != null && !expired(f, now)) {
                wait = Math.max(wait, f.lastNanos() + delayNanos(f.count()) - now);
            }
        }
        return Duration.ofNanos(wait);
    }

    /** Records a refused sign-in; returns the failures in a row now counted for the user and for the client. */
    public Counts failed(String user, String client) {
        long now = System.nanoTime();
        int userCount = 0;
        int clientCount = 0;
        for (String key : keys(user, client)) {
            Failures f = byKey.compute(key, (k, old) -> old == null || expired(old, now)
                    ? new Failures(1, now) : new Failures(old.count() + 1, now));
            if (key.startsWith("user:")) {
                userCount = f.count();
            } else {
                clientCount = f.count();
            }
        }
        if (byKey.size() > MAX_TRACKED) {
            prune(now);
        }
        return new Counts(userCount, clientCount);
    }

    /** Failures in a row for a user and for a client. */
    public record Counts(int user, int client) {
    }

    /** A successful sign-in clears the user's count (not the client's: one good account must not unlock a client). */
    public void succeeded(String user) {
        if (user != null) {
            byKey.remove("user:" + user);
        }
    }

    /** The hold after {@code failures} failures in a row. */
    long delayNanos(int failures) {
        if (failures < freeFailures) {
            return 0;
        }
        double delay = baseNanos * Math.pow(2, failures - freeFailures);
        return (long) Math.min(maxNanos, delay);
    }

    private boolean expired(Failures f, long now) {
        return now - f.lastNanos() > forgetNanos;
    }

    private static List<String> keys(String user, String client) {
        List<String> keys = new ArrayList<>(2);
        if (user != null) {
            keys.add("user:" + user);
        }
        if (client != null) {
            keys.add("client:" + client);
        }
        return keys;
    }

    private void prune(long now) {
        byKey.values().removeIf(f -> expired(f, now));
        if (byKey.size() > MAX_TRACKED) {
            byKey.keySet().removeIf(k -> k.startsWith("user:"));
        }
    }
}
