package dev.hone.workflows.rollout;

/**
 * What a step's analysis requires of the canary against the stable version over the step's window.
 *
 * @param maxErrorRateIncrease the canary's error rate may exceed the stable version's by at most this (0.01: one point)
 * @param maxLatencyRatio the canary's p95 latency may be at most this many times the stable version's (when above 1 ms)
 * @param maxPsi the population stability index of the canary's predicted labels against the stable version's
 * @param minRequests requests the canary must have answered for a conclusive analysis
 * @param maxWaits extra pauses a step waits for enough requests before the rollout is rolled back
 * @param requireApproval whether promotion after the last step waits for an approver
 */
public record RolloutPolicy(double maxErrorRateIncrease, double maxLatencyRatio, double maxPsi, long minRequests,
        int maxWaits, boolean requireApproval) {

    public static final RolloutPolicy DEFAULT = new RolloutPolicy(0.01, 1.5, 0.25, 50, 3, true);
}
