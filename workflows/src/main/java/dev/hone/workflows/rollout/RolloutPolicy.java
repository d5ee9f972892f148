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
 * @param maxAccuracyDrop on labelled feedback, the canary's accuracy may be at most this much lower (0.02: two points)
 * @param maxRmseIncrease on labelled feedback, a regressor canary's RMSE may be at most this much higher (0.1: 10%)
 * @param minFeedback labelled predictions each version needs in the window before accuracy is compared
 * @param maxPassportPsi the population stability index of the canary's predictions against its passport's
 *     baseline, judged while its inputs have not shifted beyond {@code maxPsi} themselves (when they have, the
 *     stable version sees the same traffic and the comparison with it decides); null for the default,
 *     {@value #DEFAULT_MAX_PASSPORT_PSI} (a policy recorded before this field existed has none)
 */
public record RolloutPolicy(double maxErrorRateIncrease, double maxLatencyRatio, double maxPsi, long minRequests,
        int maxWaits, boolean requireApproval, double maxAccuracyDrop, double maxRmseIncrease, long minFeedback,
        Double maxPassportPsi) {

    public static final double DEFAULT_MAX_PASSPORT_PSI = 0.25;

    public static final RolloutPolicy DEFAULT = new RolloutPolicy(0.01, 1.5, 0.25, 50, 3, true, 0.02, 0.1, 20,
            DEFAULT_MAX_PASSPORT_PSI);

    /** The passport limit in force. */
    public double passportPsiLimit() {
        return maxPassportPsi == null ? DEFAULT_MAX_PASSPORT_PSI : maxPassportPsi;
    }
}
