package dev.hone.registry.tuning;

import java.util.List;

/**
 * A challenger trial against the incumbent (trial 0, the base settings) on the same folds: the mean of the
 * fold-by-fold differences (positive when the challenger is better in the study's direction) and its standard
 * error (their sample standard deviation over the square root of the fold count).
 *
 * <p>A study picks the best of many trials on a few folds of small data, so its best trial is ahead of trial 0
 * partly by luck: the more trials, the larger the lead that chance alone gives. A challenger replaces the base
 * settings only when its lead is {@link #clear()}: larger than one standard error of the paired differences (the
 * folds are the same rows for both, as the champion/challenger gate compares two versions on the same rows).
 */
public record FoldComparison(double meanGain, double standardError, int folds) {

    public static FoldComparison of(List<Double> incumbent, List<Double> challenger, boolean maximize) {
        int k = incumbent.size();
        if (k < 2 || challenger.size() != k) {
            throw new IllegalArgumentException("Comparing trials fold by fold needs the same folds (at least two) on "
                    + "both, had " + incumbent.size() + " and " + challenger.size());
        }
        double[] gain = new double[k];
        double sum = 0;
        for (int f = 0; f < k; f++) {
            double d = challenger.get(f) - incumbent.get(f);
            gain[f] = maximize ? d : -d;
            sum += gain[f];
        }
        double mean = sum / k;
        double squares = 0;
        for (double g : gain) {
            squares += (g - mean) * (g - mean);
        }
        return new FoldComparison(mean, Math.sqrt(squares / (k - 1) / k), k);
    }

    /** Whether the challenger's lead is larger than its standard error (on every fold alike, any lead is). */
    public boolean clear() {
        return meanGain > standardError;
    }
}
