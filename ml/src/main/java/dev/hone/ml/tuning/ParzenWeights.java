package dev.hone.ml.tuning;

import java.util.Arrays;

/**
 * Mixture weights of a Parzen estimator, as in Optuna's TPE defaults: the last 25 observations
 * (in trial order) weigh 1, older ones ramp linearly from {@code 1/n} up to 1, and the prior
 * component weighs {@link #PRIOR_WEIGHT}; all normalized to sum to 1.
 */
final class ParzenWeights {

    static final double PRIOR_WEIGHT = 1.0;
    private static final int FLAT = 25;

    private ParzenWeights() {}

    /** Normalized weights of {@code n} observations (chronological) followed by the prior's. */
    static double[] withPrior(int n) {
        double[] w = new double[n + 1];
        if (n < FLAT) {
            Arrays.fill(w, 0, n, 1.0);
        } else {
            // numpy.linspace(1/n, 1, n - 25), then 25 ones
            int ramp = n - FLAT;
            double start = 1.0 / n;
            for (int i = 0; i < ramp; i++) {
                w[i] = ramp == 1 ? start : start + i * ((1.0 - start) / (ramp - 1));
            }
            if (ramp > 1) {
                w[ramp - 1] = 1.0; // linspace ends exactly on its endpoint
            }
            Arrays.fill(w, ramp, n, 1.0);
        }
        w[n] = PRIOR_WEIGHT;
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }
}
