package dev.hone.ml.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Infers column types and computes per-column statistics. */
public final class Profiler {

    static final int TOP_VALUES = 10;

    /**
     * Characters of a value a profile keeps: a profile summarises, and a 1 MB text value repeated
     * in it (and in every answer that shows it) would make it as large as the data.
     */
    public static final int MAX_VALUE_CHARS = 1000;

    /** Bins of a numeric column's histogram. */
    public static final int HISTOGRAM_BINS = 20;

    /** A string column with at most this many distinct values is always categorical. */
    static final int MAX_CATEGORIES_ABSOLUTE = 50;

    /** ...and with more, it is still categorical while values repeat on average at least twice. */
    static final double MAX_DISTINCT_RATIO = 0.5;

    private Profiler() {}

    public static DataProfile profile(DataTable t) {
        List<ColumnProfile> columns = new ArrayList<>(t.columns().size());
        for (int c = 0; c < t.columns().size(); c++) {
            columns.add(profileColumn(t.columns().get(c), t.column(c)));
        }
        return new DataProfile(t.rowCount(), columns);
    }

    /** The type a column's values suggest; see {@link #profile}. */
    public static ColumnType inferType(String[] values) {
        Map<String, Long> counts = new HashMap<>();
        long present = 0;
        boolean numeric = true;
        boolean bool = true;
        for (String v : values) {
            if (Values.isMissing(v)) {
                continue;
            }
            present++;
            String s = v.strip();
            counts.merge(s, 1L, Long::sum);
            numeric &= Values.parseNumber(s) != null;
            bool &= Values.isBooleanWord(s);
        }
        return inferType(present, counts.size(), numeric, bool);
    }

    private static ColumnType inferType(long present, long distinct, boolean numeric, boolean bool) {
        if (present == 0) {
            // Nothing to learn from an empty column; TEXT columns are left out of the features.
            return ColumnType.TEXT;
        }
        if (numeric) {
            return ColumnType.NUMERIC;
        }
        if (bool) {
            return ColumnType.BOOLEAN;
        }
        if (distinct <= MAX_CATEGORIES_ABSOLUTE || (double) distinct / present <= MAX_DISTINCT_RATIO) {
            return ColumnType.CATEGORICAL;
        }
        return ColumnType.TEXT;
    }

    private static ColumnProfile profileColumn(String name, String[] values) {
        Map<String, Long> counts = new HashMap<>();
        // Numbers are counted by value, so "1" and "1.0" are one distinct value.
        Map<Double, Long> numberCounts = new HashMap<>();
        long missing = 0;
        boolean numeric = true;
        boolean bool = true;
        // Welford's running mean and sum of squared deviations: stable in one pass.
        long n = 0;
        double mean = 0;
        double m2 = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (String v : values) {
            if (Values.isMissing(v)) {
                missing++;
                continue;
            }
            String s = v.strip();
            counts.merge(s, 1L, Long::sum);
            bool &= Values.isBooleanWord(s);
            if (numeric) {
                Double d = Values.parseNumber(s);
                if (d == null) {
                    numeric = false;
                } else {
                    numberCounts.merge(d, 1L, Long::sum);
                    n++;
                    double delta = d - mean;
                    mean += delta / n;
                    m2 += delta * (d - mean);
                    min = Math.min(min, d);
                    max = Math.max(max, d);
                }
            }
        }
        long present = values.length - missing;
        ColumnType type = inferType(present, counts.size(), numeric, bool);
        if (type == ColumnType.NUMERIC) {
            Map<String, Long> byNumber = new HashMap<>();
            numberCounts.forEach((d, count) -> byNumber.put(formatNumber(d), count));
            double std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0.0;
            return new ColumnProfile(
                    name, type, missing, numberCounts.size(), min, max, mean, std,
                    topValues(byNumber, TOP_VALUES), histogram(numberCounts, min, max));
        }
        return new ColumnProfile(
                name, type, missing, counts.size(), null, null, null, null,
                topValues(counts, TOP_VALUES), List.of());
    }

    /** Equal-width bins from min to max; the last bin is closed so that max is counted. */
    static List<Long> histogram(Map<Double, Long> counts, double min, double max) {
        int bins = max > min ? HISTOGRAM_BINS : 1;
        long[] histogram = new long[bins];
        counts.forEach((value, count) -> {
            int bin = bins == 1 ? 0 : (int) Math.min(bins - 1, Math.floor((value - min) / (max - min) * bins));
            histogram[bin] += count;
        });
        return java.util.Arrays.stream(histogram).boxed().toList();
    }

    /** A number without a needless ".0": 3.0 as "3", 2.5 as "2.5". */
    static String formatNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The {@code limit} most frequent values, ties broken by value so the order is stable. */
    static List<ValueCount> topValues(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(e -> new ValueCount(shorten(e.getKey()), e.getValue()))
                .toList();
    }

    /** A value cut to {@link #MAX_VALUE_CHARS} characters (never inside a surrogate pair), marked with "…". */
    static String shorten(String value) {
        if (value.length() <= MAX_VALUE_CHARS) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(MAX_VALUE_CHARS - 1))
                ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS;
        return value.substring(0, end) + "\u2026";
    }
}
