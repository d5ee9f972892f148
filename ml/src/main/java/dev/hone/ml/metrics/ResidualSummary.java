package dev.hone.ml.metrics;

import java.util.Arrays;

/**
 * How a regressor's errors are spread, in the target's units: residual = true - predicted, so a
 * positive mean says the model predicts too low on average. The quantiles show whether a low RMSE
 * hides a long tail of large misses.
 *
 * @param mean mean residual (the bias)
 * @param std standard deviation of the residuals (population)
 * @param min the most negative residual (the largest over-prediction)
 * @param p05 5th percentile
 * @param p25 25th percentile
 * @param median 50th percentile
 * @param p75 75th percentile
 * @param p95 95th percentile
 * @param max the largest residual (the largest under-prediction)
 */
public record ResidualSummary(double mean, double std, double min, double p05, double p25, double median, double p75,
        double p95, double max) {

    public static ResidualSummary compute(double[] yTrue, double[] yPred) {
        int n = yTrue.length;
        if (n == 0 || yPred.length != n) {
            throw new IllegalArgumentException("Need the same, non-zero number of true values and predictions (got "
                    + n + " and " + yPred.length + ")");
        }
        double[] r = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            r[i] = yTrue[i] - yPred[i];
            sum += r[i];
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : r) {
            squares += (v - mean) * (v - mean);
        }
        Arrays.sort(r);
        return new ResidualSummary(mean, Math.sqrt(squares / n), r[0], Bootstrap.quantile(r, 0.05),
                Bootstrap.quantile(r, 0.25), Bootstrap.quantile(r, 0.5), Bootstrap.quantile(r, 0.75),
                Bootstrap.quantile(r, 0.95), r[n - 1]);
    }
}
