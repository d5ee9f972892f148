package dev.hone.ml.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * How far a classifier's confidence is from its accuracy. The confidence of a row is its highest
 * probability; rows are put in {@code bins} equal-width bins of confidence, and each bin compares its mean
 * confidence with the share of its rows predicted right (the reliability curve). The expected calibration
 * error (ECE) is the mean gap weighted by the rows in each bin: 0 for a calibrated model, up to 1.
 *
 * <p>Temperature scaling divides the log-probabilities by one number {@code T} before the softmax (the
 * class with the highest probability never changes, so accuracy does not): {@code T > 1} softens an
 * over-confident model, {@code T < 1} sharpens an under-confident one. {@link #fitTemperature} finds the
 * {@code T} that minimizes the log loss on labelled rows (the validation split), as Guo et al. (2017) do on
 * logits; log-probabilities differ from the logits by a constant per row, which the softmax cancels.
 */
public final class Calibration {

    /** Bins of the reliability curve, as is usual for ECE. */
    public static final int BINS = 15;

    private Calibration() {
    }

    /**
     * One bin of the reliability curve.
     *
     * @param lower the bin's lowest confidence (inclusive, but the first bin also holds 0)
     * @param upper its highest (inclusive)
     * @param rows rows whose confidence falls in it
     * @param confidence their mean confidence (NaN when empty)
     * @param accuracy the share of them predicted right (NaN when empty)
     */
    public record Bin(double lower, double upper, int rows, double confidence, double accuracy) {
    }

    /**
     * The reliability curve and its expected calibration error.
     *
     * @param bins every bin, empty ones included, lowest confidence first
     */
    public record Report(double expectedCalibrationError, List<Bin> bins) {
    }

    /**
     * The reliability curve of these probabilities against the true classes.
     *
     * @throws IllegalArgumentException when the rows and labels differ in number, a row has no probability,
     *     a label is not a column, or there are no rows
     */
    public static Report measure(float[][] probabilities, int[] labels, int bins) {
        check(probabilities, labels);
        if (bins < 1) {
            throw new IllegalArgumentException("A reliability curve needs at least one bin, was " + bins);
        }
        int[] count = new int[bins];
        double[] confidence = new double[bins];
        int[] correct = new int[bins];
        for (int r = 0; r < labels.length; r++) {
            int top = argmax(probabilities[r]);
            double p = probabilities[r][top];
            // (lower, upper] bins, the first one closed: a confidence of exactly 1 lands in the last bin
            int b = Math.min(bins - 1, Math.max(0, (int) Math.ceil(p * bins) - 1));
            count[b]++;
            confidence[b] += p;
            correct[b] += top == labels[r] ? 1 : 0;
        }
        List<Bin> out = new ArrayList<>();
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            double meanConfidence = count[b] == 0 ? Double.NaN : confidence[b] / count[b];
            double accuracy = count[b] == 0 ? Double.NaN : (double) correct[b] / count[b];
            if (count[b] > 0) {
                ece += (double) count[b] / labels.length * Math.abs(meanConfidence - accuracy);
            }
            out.add(new Bin((double) b / bins, (double) (b + 1) / bins, count[b], meanConfidence, accuracy));
        }
        return new Report(ece, List.copyOf(out));
    }

    /** The probabilities after temperature scaling by {@code temperature}. */
    public static float[][] scale(float[][] probabilities, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("A temperature is a positive number, was " + temperature);
        }
        float[][] out = new float[probabilities.length][];
        for (int r = 0; r < probabilities.length; r++) {
            float[] p = probabilities[r];
            double[] z = new double[p.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < p.length; c++) {
                z[c] = Math.log(Math.max(p[c], 1e-30)) / temperature;
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < p.length; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            out[r] = new float[p.length];
            for (int c = 0; c < p.length; c++) {
                out[r][c] = (float) (z[c] / sum);
            }
        }
        return out;
    }

    /** The temperatures {@link #fitTemperature} searches between. */
    static final double MIN_TEMPERATURE = 0.05;
    static final double MAX_TEMPERATURE = 20;

    /**
     * The temperature in [{@value #MIN_TEMPERATURE}, {@value #MAX_TEMPERATURE}] that minimizes the mean log loss
     * of the scaled probabilities against the true classes: a golden-section search on {@code log T} (the loss
     * is smooth and, in practice, unimodal in it), to a relative precision of 1e-4.
     */
    public static double fitTemperature(float[][] probabilities, int[] labels) {
        check(probabilities, labels);
        double[][] logs = new double[labels.length][];
        for (int r = 0; r < labels.length; r++) {
            logs[r] = new double[probabilities[r].length];
            for (int c = 0; c < logs[r].length; c++) {
                logs[r][c] = Math.log(Math.max(probabilities[r][c], 1e-30));
            }
        }
        double lo = Math.log(MIN_TEMPERATURE);
        double hi = Math.log(MAX_TEMPERATURE);
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo);
        double b = lo + phi * (hi - lo);
        double fa = logLoss(logs, labels, Math.exp(a));
        double fb = logLoss(logs, labels, Math.exp(b));
        while (hi - lo > 1e-4) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - phi * (hi - lo);
                fa = logLoss(logs, labels, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + phi * (hi - lo);
                fb = logLoss(logs, labels, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Mean negative log probability of the true class after scaling the log-probabilities by {@code t}. */
    static double logLoss(double[][] logs, int[] labels, double t) {
        double total = 0;
        for (int r = 0; r < labels.length; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double z : logs[r]) {
                max = Math.max(max, z / t);
            }
            double sum = 0;
            for (double z : logs[r]) {
                sum += Math.exp(z / t - max);
            }
            total += -(logs[r][labels[r]] / t - max - Math.log(sum));
        }
        return total / labels.length;
    }

    private static void check(float[][] probabilities, int[] labels) {
        if (labels.length == 0) {
            throw new IllegalArgumentException("Calibration needs labelled rows; there are none");
        }
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + probabilities.length
                    + " rows of probabilities");
        }
        for (int r = 0; r < labels.length; r++) {
            if (probabilities[r].length < 2) {
                throw new IllegalArgumentException("Row " + r + " has " + probabilities[r].length
                        + " probabilities; calibration is for classifiers of at least two classes");
            }
            if (labels[r] < 0 || labels[r] >= probabilities[r].length) {
                throw new IllegalArgumentException("Row " + r + "'s label " + labels[r] + " is not one of its "
                        + probabilities[r].length + " classes");
            }
        }
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
