package dev.hone.ml.validation;

import java.util.List;

/**
 * Integrated gradients (Sundararajan et al. 2017): a feature's attribution is its distance from a baseline row
 * times the mean gradient along the straight path from the baseline to the row, here a midpoint Riemann sum of
 * {@code steps} gradients ({@link InputGradient}). Completeness: the attributions add up to the objective at
 * the row less at the baseline, within the sum's error (which shrinks as 1 / steps^2).
 */
public final class IntegratedGradients {

    private IntegratedGradients() {
    }

    /** Per feature, its attribution. */
    public static double[] attribute(Networks network, float[] row, float[] baseline,
            InputGradient.Objective objective, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("Integrated gradients need at least one step, was " + steps);
        }
        if (row.length != baseline.length) {
            throw new IllegalArgumentException("The row has " + row.length + " features and the baseline "
                    + baseline.length);
        }
        double[] sum = new double[row.length];
        float[] point = new float[row.length];
        for (int k = 0; k < steps; k++) {
            double t = (k + 0.5) / steps;
            for (int i = 0; i < row.length; i++) {
                point[i] = (float) (baseline[i] + t * (row[i] - baseline[i]));
            }
            double[] g = network.gradient(point, objective);
            for (int i = 0; i < row.length; i++) {
                sum[i] += g[i];
            }
        }
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = (row[i] - baseline[i]) * sum[i] / steps;
        }
        return out;
    }

    /** Feature attributions summed per column (a one-hot column's slots into one). */
    public static double[] byColumn(double[] attributions, List<int[]> groups) {
        double[] out = new double[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            for (int f : groups.get(g)) {
                out[g] += attributions[f];
            }
        }
        return out;
    }
}
