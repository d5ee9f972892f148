package dev.hone.ml.validation;

import dev.hone.ml.data.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference distribution of one column (an input, or the model's output) that serving monitors compare
 * live traffic with: for a number, the training values' deciles (or {@code bins}-quantiles) as bin edges and
 * each bin's share; for a category, the most frequent values' shares and the rest as "other". Missing values
 * have a bin of their own (the last). {@link #psi} is the population stability index of new values against it
 * ({@code sum (actual - expected) ln(actual / expected)}, shares floored at {@value #FLOOR}): below 0.1 is
 * usually read as stable, above 0.25 as shifted.
 *
 * @param column the column's name
 * @param numeric true for a number, false for a category
 * @param edges a number's inner bin edges, ascending and distinct: bin {@code k} holds values up to edge {@code k}
 *     (the first from minus infinity), the last bin of values those above the last edge; empty for a category
 * @param categories a category's kept values, most frequent first; empty for a number
 * @param shares per bin (a number: {@code edges.size() + 1} bins; a category: one per kept value and one for
 *     "other"), then the missing values' share; they add up to 1
 */
public record DriftBaseline(String column, boolean numeric, List<Double> edges, List<String> categories,
        List<Double> shares) {

    /** Shares below this count as this, so that an empty bin does not make the index infinite. */
    public static final double FLOOR = 1e-4;

    public DriftBaseline {
        edges = List.copyOf(edges);
        categories = List.copyOf(categories);
        shares = List.copyOf(shares);
    }

    /** A number's baseline from its values (NaN: missing), with at most {@code bins} quantile bins. */
    public static DriftBaseline numeric(String column, double[] values, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("A baseline needs at least 2 bins, was " + bins);
        }
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        List<Double> edges = new ArrayList<>();
        for (int k = 1; k < bins && present.length > 0; k++) {
            double edge = present[(int) Math.min(present.length - 1, Math.floor((double) k * present.length / bins))];
            if (edges.isEmpty() || edge > edges.getLast()) {
                edges.add(edge);
            }
        }
        DriftBaseline shell = new DriftBaseline(column, true, edges, List.of(), List.of());
        return new DriftBaseline(column, true, edges, List.of(), toList(shell.shares(values)));
    }

    /** A category's baseline from its values (null: missing), keeping the {@code maxCategories} most frequent. */
    public static DriftBaseline categorical(String column, String[] values, int maxCategories) {
        Map<String, Integer> counts = new HashMap<>();
        for (String v : values) {
            if (v != null) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        List<String> kept = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(maxCategories).map(Map.Entry::getKey).toList();
        DriftBaseline shell = new DriftBaseline(column, false, List.of(), kept, List.of());
        return new DriftBaseline(column, false, List.of(), kept, toList(shell.shares(values)));
    }

    /** Counts per bin as shares of their total (all 0 when there are none). */
    public static double[] sharesOfCounts(long[] counts) {
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] out = new double[counts.length];
        for (int b = 0; b < out.length; b++) {
            out[b] = total == 0 ? 0 : counts[b] / total;
        }
        return out;
    }

    /** The shares of these numbers (NaN: missing) in this baseline's bins. */
    public double[] shares(double[] values) {
        if (!numeric) {
            throw new IllegalStateException(column + " is a category; give its values as text");
        }
        Binner b = binner();
        double[] counts = new double[b.bins()];
        for (double v : values) {
            counts[b.bin(v)]++;
        }
        return normalize(counts, values.length);
    }

    /** The shares of these categories (null: missing) in this baseline's bins. */
    public double[] shares(String[] values) {
        if (numeric) {
            throw new IllegalStateException(column + " is a number; give its values as numbers");
        }
        Binner b = binner();
        double[] counts = new double[b.bins()];
        for (String v : values) {
            counts[b.bin(v)]++;
        }
        return normalize(counts, values.length);
    }

    /** This baseline's bins, for counting values one at a time. */
    public Binner binner() {
        return new Binner(this);
    }

    /**
     * Finds the bin of one value: a number's by its edges, a category's by its kept values ("other" for the rest),
     * and the missing bin (the last) for NaN, null and the missing markers a data set's cells use ("", NA, ?, ...).
     * Safe for concurrent use.
     */
    public static final class Binner {
        private final boolean numeric;
        private final double[] edges;
        private final Map<String, Integer> index;
        private final int bins;

        private Binner(DriftBaseline b) {
            numeric = b.numeric;
            edges = b.edges.stream().mapToDouble(Double::doubleValue).toArray();
            index = new HashMap<>();
            for (int k = 0; k < b.categories.size(); k++) {
                index.put(b.categories.get(k), k);
            }
            bins = b.numeric ? edges.length + 2 : b.categories.size() + 2;
        }

        /** Bins, the missing bin included. */
        public int bins() {
            return bins;
        }

        /** A number's bin (a category baseline's "other" for any number). */
        public int bin(double v) {
            if (Double.isNaN(v)) {
                return bins - 1;
            }
            if (!numeric) {
                return bins - 2;
            }
            int k = Arrays.binarySearch(edges, v);
            return k >= 0 ? k : -k - 1;
        }

        /** A raw cell's bin: a number column's cell is parsed, one that is not a number counts as missing. */
        public int bin(String raw) {
            if (Values.isMissing(raw)) {
                return bins - 1;
            }
            if (numeric) {
                try {
                    return bin(Double.parseDouble(raw.trim()));
                } catch (NumberFormatException e) {
                    return bins - 1;
                }
            }
            return index.getOrDefault(raw, bins - 2);
        }
    }

    /** The population stability index of {@code actual} shares against {@code expected} ones, bin by bin. */
    public static double psi(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException(expected.length + " expected shares but " + actual.length + " actual");
        }
        double sum = 0;
        for (int k = 0; k < expected.length; k++) {
            double e = Math.max(expected[k], FLOOR);
            double a = Math.max(actual[k], FLOOR);
            sum += (a - e) * Math.log(a / e);
        }
        return sum;
    }

    /** The index of these numbers against this baseline. */
    public double psi(double[] values) {
        return psi(shares.stream().mapToDouble(Double::doubleValue).toArray(), shares(values));
    }

    /** The index of these categories against this baseline. */
    public double psi(String[] values) {
        return psi(shares.stream().mapToDouble(Double::doubleValue).toArray(), shares(values));
    }

    private static double[] normalize(double[] counts, int n) {
        if (n == 0) {
            throw new IllegalArgumentException("No values to measure");
        }
        for (int k = 0; k < counts.length; k++) {
            counts[k] /= n;
        }
        return counts;
    }

    private static List<Double> toList(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
