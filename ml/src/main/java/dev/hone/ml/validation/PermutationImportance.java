package dev.hone.ml.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * How much a model's metric depends on each input column: the column's values are shuffled across the rows
 * (every feature of its group with the same permutation, so a one-hot column moves as one), the metric is
 * measured again, and the column's importance is how much worse it got, averaged over {@code repeats}
 * shuffles (Breiman 2001; scikit-learn's {@code permutation_importance} does the same). A column the model
 * ignores scores about 0; a negative score means the shuffles happened to help.
 *
 * <p>The interval is the mean's 95% normal interval over the repeats ({@code mean +- 1.96 sd / sqrt(repeats)}):
 * how much the estimate moves with the shuffles, not with the rows chosen for the test.
 */
public final class PermutationImportance {

    private PermutationImportance() {
    }

    /**
     * One column's importance.
     *
     * @param column the input column
     * @param mean the mean drop of the metric (in the metric's units; positive: the column matters)
     * @param std the standard deviation of the drops over the repeats
     * @param lower the 95% interval of the mean, low end
     * @param upper its high end
     * @param drops every repeat's drop, in order
     */
    public record Importance(String column, double mean, double std, double lower, double upper, List<Double> drops) {
    }

    /**
     * The importance of every column, most important first (ties: the earlier column).
     *
     * @param rows transformed rows, as the model takes them
     * @param columns the input columns' names
     * @param groups per column, the indices of its features in a row ({@code FittedTransform.featureGroups()})
     * @param metric the metric of the model on rows (the true labels are the caller's, in row order)
     * @param higherIsBetter true for accuracy and the like, false for a loss or an RMSE
     * @param repeats shuffles per column, at least 2
     * @param seed seeds the shuffles
     * @throws IllegalArgumentException when there are fewer than 2 rows or repeats, or the columns and groups
     *     do not match
     */
    public static List<Importance> compute(float[][] rows, List<String> columns, List<int[]> groups,
            ToDoubleFunction<float[][]> metric, boolean higherIsBetter, int repeats, long seed) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("Permutation importance needs at least 2 rows, had " + rows.length);
        }
        if (repeats < 2) {
            throw new IllegalArgumentException("Permutation importance needs at least 2 repeats for an interval, was "
                    + repeats);
        }
        if (columns.size() != groups.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + groups.size() + " feature groups");
        }
        double baseline = metric.applyAsDouble(rows);
        SplittableRandom random = new SplittableRandom(seed);
        List<Importance> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            int[] features = groups.get(g);
            List<Double> drops = new ArrayList<>();
            double sum = 0;
            for (int k = 0; k < repeats; k++) {
                double score = metric.applyAsDouble(shuffled(rows, features, random));
                double drop = higherIsBetter ? baseline - score : score - baseline;
                drops.add(drop);
                sum += drop;
            }
            double mean = sum / repeats;
            double squares = 0;
            for (double d : drops) {
                squares += (d - mean) * (d - mean);
            }
            double std = Math.sqrt(squares / (repeats - 1));
            double half = 1.96 * std / Math.sqrt(repeats);
            out.add(new Importance(columns.get(g), mean, std, mean - half, mean + half, List.copyOf(drops)));
        }
        List<Importance> ranked = new ArrayList<>(out);
        ranked.sort(Comparator.comparingDouble((Importance i) -> -i.mean()));
        return List.copyOf(ranked);
    }

    /** A copy of the rows with these features moved together by one random permutation of the rows. */
    static float[][] shuffled(float[][] rows, int[] features, SplittableRandom random) {
        int n = rows.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float[][] out = new float[n][];
        for (int r = 0; r < n; r++) {
            out[r] = rows[r].clone();
            for (int f : features) {
                out[r][f] = rows[order[r]][f];
            }
        }
        return out;
    }
}
