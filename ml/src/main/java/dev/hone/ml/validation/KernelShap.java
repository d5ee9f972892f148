package dev.hone.ml.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * KernelSHAP (Lundberg and Lee 2017): each input column's contribution to one row's prediction, such that the
 * contributions add up to the prediction less the baseline (the mean prediction over background rows). A
 * coalition of columns keeps the row's values for its columns and takes a background row's for the others
 * (every feature of a column together, so a one-hot column is one player); its value is the mean prediction
 * over the background rows. The contributions are the weighted least-squares fit of the coalitions' values with
 * the Shapley kernel's weights, constrained to add up: with every coalition enumerated (up to
 * {@value #EXACT_COLUMNS} columns) they are the exact Shapley values of that game; above, a seeded sample of
 * coalitions, drawn in complementary pairs by size as the kernel weighs them.
 */
public final class KernelShap {

    /** Up to this many columns every coalition is evaluated (2^n - 2 of them). */
    public static final int EXACT_COLUMNS = 11;
    /** Coalitions sampled above {@link #EXACT_COLUMNS}. */
    public static final int SAMPLED_COALITIONS = 2048;

    private KernelShap() {
    }

    /**
     * One row's explanation.
     *
     * @param baseline the mean prediction over the background rows
     * @param prediction the row's prediction
     * @param values per column (in the order of the groups given), its contribution; they sum to {@code
     *     prediction - baseline}
     */
    public record Explanation(double baseline, double prediction, double[] values) {
    }

    /**
     * Explains one row.
     *
     * @param row the transformed row
     * @param background transformed rows standing for "absent" (a sample of training rows)
     * @param groups per column, the indices of its features
     * @param model one output per row (a class's probability, or a regression value), for a batch of rows
     * @param seed seeds the coalition sample (unused when every coalition is evaluated)
     */
    public static Explanation explain(float[] row, float[][] background, List<int[]> groups,
            Function<float[][], double[]> model, long seed) {
        if (background.length == 0) {
            throw new IllegalArgumentException("KernelSHAP needs at least one background row");
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("KernelSHAP needs at least one column to explain");
        }
        int m = groups.size();
        double baseline = mean(model.apply(background));
        double prediction = model.apply(new float[][] {row})[0];
        double total = prediction - baseline;
        if (m == 1) {
            return new Explanation(baseline, prediction, new double[] {total});
        }
        List<boolean[]> coalitions = m <= EXACT_COLUMNS ? all(m) : sample(m, SAMPLED_COALITIONS, seed);
        double[] values = new double[coalitions.size()];
        for (int c = 0; c < coalitions.size(); c++) {
            values[c] = mean(model.apply(masked(row, background, groups, coalitions.get(c))));
        }
        double[] weights = new double[coalitions.size()];
        for (int c = 0; c < coalitions.size(); c++) {
            weights[c] = m <= EXACT_COLUMNS ? kernel(m, size(coalitions.get(c))) : 1.0; // sampled by the kernel
        }
        return new Explanation(baseline, prediction, fit(coalitions, values, weights, baseline, total, m));
    }

    /**
     * The constrained weighted least squares: the last column's value is {@code total} less the others', which
     * leaves an unconstrained fit of m - 1 values (normal equations, solved by Gaussian elimination).
     */
    private static double[] fit(List<boolean[]> coalitions, double[] values, double[] weights, double baseline,
            double total, int m) {
        int p = m - 1;
        double[][] a = new double[p][p + 1];
        for (int c = 0; c < coalitions.size(); c++) {
            boolean[] z = coalitions.get(c);
            double zLast = z[m - 1] ? 1 : 0;
            double y = values[c] - baseline - zLast * total;
            double[] x = new double[p];
            for (int i = 0; i < p; i++) {
                x[i] = (z[i] ? 1 : 0) - zLast;
            }
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    a[i][j] += weights[c] * x[i] * x[j];
                }
                a[i][p] += weights[c] * x[i] * y;
            }
        }
        for (int i = 0; i < p; i++) {
            a[i][i] += 1e-10; // a column that no coalition tells apart gets its share of nothing, not a NaN
        }
        double[] phi = solve(a, p);
        double[] out = new double[m];
        double rest = total;
        for (int i = 0; i < p; i++) {
            out[i] = phi[i];
            rest -= phi[i];
        }
        out[m - 1] = rest;
        return out;
    }

    private static double[] solve(double[][] a, int n) {
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < n; r++) {
                if (r != col && a[col][col] != 0) {
                    double f = a[r][col] / a[col][col];
                    for (int k = col; k <= n; k++) {
                        a[r][k] -= f * a[col][k];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i][i] == 0 ? 0 : a[i][n] / a[i][i];
        }
        return x;
    }

    /** The Shapley kernel's weight of a coalition of {@code s} of {@code m} columns (0 < s < m). */
    static double kernel(int m, int s) {
        return (m - 1) / (binomial(m, s) * s * (double) (m - s));
    }

    private static double binomial(int n, int k) {
        double b = 1;
        for (int i = 1; i <= k; i++) {
            b = b * (n - k + i) / i;
        }
        return b;
    }

    /** Every coalition but the empty and the full one. */
    private static List<boolean[]> all(int m) {
        List<boolean[]> out = new ArrayList<>();
        for (int mask = 1; mask < (1 << m) - 1; mask++) {
            boolean[] z = new boolean[m];
            for (int i = 0; i < m; i++) {
                z[i] = (mask >> i & 1) == 1;
            }
            out.add(z);
        }
        return out;
    }

    /** Coalitions drawn in complementary pairs: a size by the kernel's total weight per size, then its members. */
    private static List<boolean[]> sample(int m, int count, long seed) {
        double[] bySize = new double[m];
        double sum = 0;
        for (int s = 1; s < m; s++) {
            bySize[s] = (m - 1) / (s * (double) (m - s)); // the kernel times the number of coalitions of size s
            sum += bySize[s];
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<boolean[]> out = new ArrayList<>();
        while (out.size() < count) {
            double u = random.nextDouble() * sum;
            int s = 1;
            for (double c = bySize[1]; s < m - 1 && u > c; ) {
                c += bySize[++s];
            }
            int[] order = new int[m];
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            for (int i = m - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            boolean[] z = new boolean[m];
            for (int i = 0; i < s; i++) {
                z[order[i]] = true;
            }
            boolean[] complement = new boolean[m];
            for (int i = 0; i < m; i++) {
                complement[i] = !z[i];
            }
            out.add(z);
            out.add(complement);
        }
        return out;
    }

    /** For each background row, the row's values in the coalition's columns and the background's elsewhere. */
    private static float[][] masked(float[] row, float[][] background, List<int[]> groups, boolean[] coalition) {
        float[][] out = new float[background.length][];
        for (int b = 0; b < background.length; b++) {
            out[b] = background[b].clone();
            for (int g = 0; g < groups.size(); g++) {
                if (coalition[g]) {
                    for (int f : groups.get(g)) {
                        out[b][f] = row[f];
                    }
                }
            }
        }
        return out;
    }

    private static int size(boolean[] z) {
        int n = 0;
        for (boolean b : z) {
            n += b ? 1 : 0;
        }
        return n;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
