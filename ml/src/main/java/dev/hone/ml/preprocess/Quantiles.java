package dev.hone.ml.preprocess;

import dev.hone.vocabulary.NumericScaling;
import java.util.ArrayList;
import java.util.List;

/** The arithmetic of {@link NumericScaling#QUANTILE}. */
final class Quantiles {

    private Quantiles() {}

    /**
     * {@code min(k, n)} reference values of sorted {@code values} at probabilities
     * {@code 0, 1/(m-1), ..., 1}, each interpolated linearly between order statistics (numpy's default).
     */
    static List<Double> references(double[] sorted, int k) {
        int n = sorted.length;
        int m = Math.min(k, n);
        List<Double> out = new ArrayList<>(m);
        if (m == 1) {
            out.add(sorted[0]);
            return out;
        }
        for (int i = 0; i < m; i++) {
            double h = (n - 1) * (double) i / (m - 1);
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, n - 1);
            out.add(sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]));
        }
        return out;
    }

    /**
     * {@code x}'s place in the reference distribution, as a standard normal value within
     * {@code [-clip, clip]}: its probability is interpolated between the references around it (the middle
     * of the run when it equals several), 0 below the first and 1 above the last.
     */
    static double toNormal(List<Double> refs, double x, double clip) {
        int k = refs.size();
        if (k == 1) {
            return 0;
        }
        double p;
        if (x < refs.getFirst()) {
            p = 0;
        } else if (x > refs.getLast()) {
            p = 1;
        } else {
            int lower = firstAtLeast(refs, x);
            int upper = firstAbove(refs, x) - 1;
            if (lower <= upper) {
                p = (lower + upper) / 2.0 / (k - 1);
            } else {
                double a = refs.get(upper);
                double b = refs.get(lower);
                p = (upper + (x - a) / (b - a)) / (k - 1);
            }
        }
        return Math.min(Math.max(inverseNormal(p), -clip), clip);
    }

    private static int firstAtLeast(List<Double> refs, double x) {
        int lo = 0;
        int hi = refs.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (refs.get(mid) < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int firstAbove(List<Double> refs, double x) {
        int lo = 0;
        int hi = refs.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (refs.get(mid) <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    private static final double LOW = 0.02425;

    /**
     * The standard normal quantile function (Acklam's rational approximation, relative error below
     * 1.2e-9); -infinity at 0, +infinity at 1.
     */
    static double inverseNormal(double p) {
        if (p <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (p < LOW) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        }
        if (p > 1 - LOW) {
            return -inverseNormal(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    }
}
