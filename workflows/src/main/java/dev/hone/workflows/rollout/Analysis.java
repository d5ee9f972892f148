package dev.hone.workflows.rollout;

import java.util.List;

/**
 * A step's analysis of the canary against the stable version over the step's window: passed, or
 * the reasons it did not; inconclusive when the canary answered too few requests to judge.
 * Accuracy (a classifier's) or RMSE (a regressor's) on labelled feedback is NaN when a version got
 * too little feedback in the window.
 */
public record Analysis(boolean passed, boolean conclusive, List<String> reasons, long canaryRequests,
        long stableRequests, double canaryErrorRate, double stableErrorRate, double canaryP95Millis,
        double stableP95Millis, double labelPsi, long canaryFeedback, long stableFeedback, double canaryAccuracy,
        double stableAccuracy, double canaryRmse, double stableRmse) {

    /** An analysis that looked at no feedback. */
    public Analysis(boolean passed, boolean conclusive, List<String> reasons, long canaryRequests, long stableRequests,
            double canaryErrorRate, double stableErrorRate, double canaryP95Millis, double stableP95Millis,
            double labelPsi) {
        this(passed, conclusive, reasons, canaryRequests, stableRequests, canaryErrorRate, stableErrorRate,
                canaryP95Millis, stableP95Millis, labelPsi, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
}
