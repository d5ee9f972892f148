package dev.hone.security.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.security.SecurityConfig;
import dev.hone.security.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Brute-force slowdown and the prediction rate limit, on their own: holds grow per user name and
 * per client, a success clears only the user, a held attempt waits whether the password is right or
 * not; a client bursts, then waits the time it is told.
 */
class SignInThrottleTest {

    /** Two free failures, then 200 ms doubling up to 1 s; forgotten after 2 s. */
    private static SecurityConfig config(double rate, int burst) {
        return new SecurityConfig() {
            @Override
            public Identity identity() {
                return Identity.LOCAL;
            }

            @Override
            public Optional<String> adminPassword() {
                return Optional.empty();
            }

            @Override
            public double predictRatePerSecond() {
                return rate;
            }

            @Override
            public int predictBurst() {
                return burst;
            }

            @Override
            public SignIn signIn() {
                return new SignIn() {
                    @Override
                    public int freeFailures() {
                        return 2;
                    }

                    @Override
                    public Duration baseDelay() {
                        return Duration.ofMillis(200);
                    }

                    @Override
                    public Duration maxDelay() {
                        return Duration.ofSeconds(1);
                    }

                    @Override
                    public Duration forgetAfter() {
                        return Duration.ofSeconds(2);
                    }
                };
            }
        };
    }

    @Test
    void holdsStartAfterTheFreeFailuresDoubleAndStopAtTheMaximum() {
        SignInThrottle throttle = new SignInThrottle(config(1, 1));
        assertThat(throttle.delayNanos(1)).isZero();
        assertThat(throttle.delayNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(throttle.delayNanos(3)).isEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(throttle.delayNanos(4)).isEqualTo(Duration.ofMillis(800).toNanos());
        assertThat(throttle.delayNanos(5)).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(throttle.delayNanos(200)).isEqualTo(Duration.ofSeconds(1).toNanos());

        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.holdFor("alice", "10.0.0.2")).isZero();
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.holdFor("alice", "10.0.0.2")).as("the user is held from any client")
                .isPositive().isLessThanOrEqualTo(Duration.ofMillis(200));
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        assertThat(throttle.holdFor("bob", "10.0.0.1")).as("the failing client is held for every user name")
                .isGreaterThan(Duration.ofMillis(200)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.holdFor("bob", "10.0.0.3")).as("others are not held").isZero();
        assertThat(throttle.holdFor(null, "10.0.0.3")).isZero();
    }

    @Test
    void aSuccessClearsTheUserButNotTheClient() {
        SignInThrottle throttle = new SignInThrottle(config(1, 1));
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        throttle.succeeded("alice");
        assertThat(throttle.holdFor("alice", "10.0.0.9")).isZero();
        assertThat(throttle.holdFor("carol", "10.0.0.1")).as("one good account must not unlock a client")
                .isPositive();
        assertThat(throttle.failed("alice", "10.0.0.1").user()).isEqualTo(1);
    }

    @Test
    void failuresAreForgottenAfterAQuietPeriod() throws InterruptedException {
        SignInThrottle throttle = new SignInThrottle(config(1, 1));
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        Thread.sleep(2_200);
        assertThat(throttle.holdFor("alice", "10.0.0.1")).isZero();
        assertThat(throttle.failed("alice", "10.0.0.1")).isEqualTo(new SignInThrottle.Counts(1, 1));
    }

    @Test
    void aClientMayBurstThenIsToldHowLongToWait() {
        RateLimiter limiter = new RateLimiter(config(2, 3));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("10.0.0.1").allowed()).as("call %d of the burst", i + 1).isTrue();
        }
        RateLimiter.Decision refused = limiter.tryAcquire("10.0.0.1");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMillis()).as("2 calls a second: the next token within 500 ms")
                .isBetween(1L, 500L);
        assertThat(limiter.tryAcquire("10.0.0.2").allowed()).as("buckets are per client").isTrue();
    }
}
