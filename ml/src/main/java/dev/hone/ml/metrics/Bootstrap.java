package dev.hone.ml.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Percentile bootstrap confidence intervals of metrics on a test set: the rows are resampled with
 * replacement, the metrics recomputed on each resample, and the interval is the middle
 * {@code level} of those values. On a small test set an interval is wide, and says so: a 27-row
 * test split's accuracy of 0.85 is anywhere from about 0.7 to 1.
 *
 * <p>Deterministic for a seed. The number of resamples shrinks on large test sets (at most
 * {@value #ROW_BUDGET} rows recomputed in all, at least {@value #MIN_RESAMPLES} resamples), where
 * the intervals are narrow and the metrics (ROC AUC sorts) cost the most.
 */
public final class Bootstrap {

    /** Resamples on a test set of up to 20,000 rows. */
    public static final int RESAMPLES = 1000;
    static final int MIN_RESAMPLES = 100;
    static final long ROW_BUDGET = 20_000_000L;

    private Bootstrap() {
    }

    /**
     * An interval of one metric.
     *
     * @param low the {@code (1 - level) / 2} quantile of the resampled values
     * @param high the {@code (1 + level) / 2} quantile
     */
    public record Interval(double low, double high) {
    }

    /**
     * The intervals of every metric {@code metrics} computes.
     *
     * @param rows test rows
     * @param metrics the metrics of the rows at the given indices (an index may repeat); a metric it
     *     leaves out or gives as NaN in a resample (ROC AUC with one class drawn) is left out of that
     *     metric's quantiles
     * @param level coverage, e.g. 0.95
     * @param seed resampling seed
     * @param resampled called after each resample (a heartbeat; it may throw to stop)
     * @return metric name to interval, for each metric with a value in at least half of the resamples
     */
    public static Map<String, Interval> intervals(int rows, Function<int[], Map<String, Double>> metrics,
            double level, long seed, Runnable resampled) {
        if (rows < 1) {
            throw new IllegalArgumentException("No rows to resample");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        }
        int resamples = resamples(rows);
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, List<Double>> values = new LinkedHashMap<>();
        int[] sample = new int[rows];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < rows; i++) {
                sample[i] = random.nextInt(rows);
            }
            metrics.apply(sample).forEach((name, v) -> {
                if (v != null && Double.isFinite(v)) {
                    values.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
                }
            });
            resampled.run();
        }
        Map<String, Interval> out = new LinkedHashMap<>();
        values.forEach((name, list) -> {
            if (list.size() * 2 >= resamples) {
                double[] sorted = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                out.put(name, new Interval(quantile(sorted, (1 - level) / 2), quantile(sorted, (1 + level) / 2)));
            }
        });
        return out;
    }

    /** How many resamples a test set of that many rows gets. */
    public static int resamples(int rows) {
        return (int) Math.max(MIN_RESAMPLES, Math.min(RESAMPLES, ROW_BUDGET / rows));
    }

    /** Linear interpolation between order statistics (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /** The rows of {@code values} at the given indices. */
    public static double[] pick(double[] values, int[] indices) {
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    /** The rows of {@code values} at the given indices. */
    public static int[] pick(int[] values, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    /** The rows of {@code values} at the given indices (shared, not copied). */
    public static float[][] pick(float[][] values, int[] indices) {
        return Arrays.stream(indices).mapToObj(i -> values[i]).toArray(float[][]::new);
    }
}
