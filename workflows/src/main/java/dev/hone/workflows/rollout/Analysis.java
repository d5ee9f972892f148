package dev.hone.workflows.rollout;

import java.util.List;

/**
 * A step's analysis of the canary against the stable version over the step's window: passed, or
 * the reasons it did not; inconclusive when the canary answered too few requests to judge.
 * Accuracy (a classifier's) or RMSE (a regressor's) on labelled feedback is NaN when a version got
 * too little feedback in the window.
 *
 * @param labelPsi the shift of the canary's predictions against the stable version's (population stability index
 *     of predicted labels, or of a regressor's values in the bins of the canary's passport)
 * @param passportPsi the shift of the canary's predictions against its passport's baseline (what it predicted for
 *     its training rows); NaN when it has no passport or too few rows were counted
 * @param inputPsi the shift of the most shifted input column of the canary's rows against its passport's baseline;
 *     NaN as {@code passportPsi}
 * @param inputPsiColumn that column
 */
public record Analysis(boolean passed, boolean conclusive, List<String> reasons, long canaryRequests,
        long stableRequests, double canaryErrorRate, double stableErrorRate, double canaryP95Millis,
        double stableP95Millis, double labelPsi, long canaryFeedback, long stableFeedback, double canaryAccuracy,
        double stableAccuracy, double canaryRmse, double stableRmse, double passportPsi, double inputPsi,
        String inputPsiColumn) {

    /** An analysis that looked at no feedback. */
    public Analysis(boolean passed, boolean conclusive, List<String> reasons, long canaryRequests, long stableRequests,
            double canaryErrorRate, double stableErrorRate, double canaryP95Millis, double stableP95Millis,
            double labelPsi) {
        this(passed, conclusive, reasons, canaryRequests, stableRequests, canaryErrorRate, stableErrorRate,
                canaryP95Millis, stableP95Millis, labelPsi, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, null);
    }
}
