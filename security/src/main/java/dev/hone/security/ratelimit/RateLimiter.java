package dev.hone.security.ratelimit;

import dev.hone.security.SecurityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client token buckets for prediction calls: a client may burst up to {@code burst} calls,
 * then {@code ratePerSecond} calls a second on average; a deployment may add a bucket of its own per
 * client ({@link #tryAcquire(String, String, double, double)}). In-process: each API process limits its
 * own traffic.
 */
@ApplicationScoped
public class RateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<Scoped, Bucket> scoped = new ConcurrentHashMap<>();

    private record Scoped(String scope, String client) {
    }

    public RateLimiter(SecurityConfig config) {
        this.ratePerSecond = config.predictRatePerSecond();
        this.burst = config.predictBurst();
    }

    /**
     * The outcome of asking for one call: allowed, or how long to wait; {@code firstRefusal} when
     * this refusal starts a run of refusals (the client's previous call was allowed), so that a
     * client hammering at the limit is recorded once per run, not once per call.
     */
    public record Decision(boolean allowed, long retryAfterMillis, boolean firstRefusal) {
    }

    public Decision tryAcquire(String client) {
        return buckets.computeIfAbsent(client, c -> new Bucket(burst)).take(System.nanoTime(), ratePerSecond, burst);
    }

    /**
     * One call of {@code client} within {@code scope} (a deployment), under that scope's own rate and burst: a
     * bucket apart from the client's installation-wide one. A changed rate applies from the next call.
     */
    public Decision tryAcquire(String scope, String client, double ratePerSecond, double burst) {
        return scoped.computeIfAbsent(new Scoped(scope, client), c -> new Bucket(burst))
                .take(System.nanoTime(), ratePerSecond, burst);
    }

    private static final class Bucket {
        private double tokens;
        private long last;
        private boolean refusing;

        Bucket(double tokens) {
            this.tokens = tokens;
            this.last = System.nanoTime();
        }

        synchronized Decision take(long now, double ratePerSecond, double burst) {
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * ratePerSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                refusing = false;
                return new Decision(true, 0, false);
            }
            boolean first = !refusing;
            refusing = true;
            return new Decision(false, (long) Math.ceil((1 - tokens) / ratePerSecond * 1000), first);
        }
    }
}
