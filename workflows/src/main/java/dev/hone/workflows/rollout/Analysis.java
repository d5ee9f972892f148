package dev.hone.workflows.rollout;

import java.util.List;

/**
 * A step's analysis of the canary against the stable version over the step's window: passed, or
 * the reasons it did not; inconclusive when the canary answered too few requests to judge.
 */
public record Analysis(boolean passed, boolean conclusive, List<String> reasons, long canaryRequests,
        long stableRequests, double canaryErrorRate, double stableErrorRate, double canaryP95Millis,
        double stableP95Millis, double labelPsi) {
}
