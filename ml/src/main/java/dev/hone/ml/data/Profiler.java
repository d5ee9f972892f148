package dev.hone.ml.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Infers column types and computes per-column statistics, streaming the rows once in memory that
 * does not grow with the row count.
 *
 * <p>Per column it keeps exact counts of missing values, min, max, mean and standard deviation
 * (Welford's one-pass update). Values are counted exactly while a column has at most {@value
 * #EXACT_DISTINCT} distinct values, which covers every categorical column the transform one-hot
 * encodes; beyond that the column switches to three sketches of constant size, and its profile says
 * it is {@linkplain ColumnProfile#approximate() approximate}: a HyperLogLog count of distinct values
 * (about 1.6% error); for text, Misra-Gries counters for the most frequent values (counts are lower
 * bounds, off by at most rows / {@value FrequentValues#CAPACITY}); for numbers, a uniform sample of
 * {@value ValueSample#SIZE} values from which the histogram and the most frequent values are scaled
 * (cheaper per value than counters, and as good for the frequent values a numeric column may have).
 *
 * <p>Numbers are counted by value, so "1" and "1.0" are one distinct value; values longer than
 * {@value #MAX_VALUE_CHARS} characters are counted by their first {@value #MAX_VALUE_CHARS}.
 */
public final class Profiler {

    static final int TOP_VALUES = 10;

    /**
     * Characters of a value a profile keeps: a profile summarises, and a 1 MB text value repeated
     * in it (and in every answer that shows it) would make it as large as the data.
     */
    public static final int MAX_VALUE_CHARS = 1000;

    /** Bins of a numeric column's histogram. */
    public static final int HISTOGRAM_BINS = 20;

    /** Distinct values per column counted exactly; beyond them the column is sketched. */
    public static final int EXACT_DISTINCT = 256;

    /** A string column with at most this many distinct values is always categorical. */
    static final int MAX_CATEGORIES_ABSOLUTE = 50;

    /** ...and with more, it is still categorical while values repeat on average at least twice. */
    static final double MAX_DISTINCT_RATIO = 0.5;

    private Profiler() {}

    /** Profiles rows streamed from a file, reporting progress as it goes. */
    public static DataProfile profile(RowSource rows, Progress progress) {
        List<String> names = rows.columns();
        ColumnStats[] stats = new ColumnStats[names.size()];
        for (int c = 0; c < stats.length; c++) {
            stats[c] = new ColumnStats();
        }
        String[] cells = new String[stats.length];
        double[] numbers = new double[stats.length];
        boolean[] all = new boolean[stats.length];
        java.util.Arrays.fill(all, true);
        long count = 0;
        while (rows.next(cells, numbers, all)) {
            for (int c = 0; c < stats.length; c++) {
                if (cells[c] == null && !Double.isNaN(numbers[c])) {
                    stats[c].addNumber(numbers[c]);
                } else {
                    stats[c].add(cells[c]);
                }
            }
            if (++count % Progress.EVERY_ROWS == 0) {
                progress.update("profiling", count, rows.bytesRead());
            }
        }
        progress.update("profiling", count, rows.bytesRead());
        List<ColumnProfile> columns = new ArrayList<>(stats.length);
        for (int c = 0; c < stats.length; c++) {
            columns.add(stats[c].profile(names.get(c), count));
        }
        return new DataProfile(count, columns);
    }

    /** Profiles a table in memory; its cells are read as text. */
    public static DataProfile profile(DataTable t) {
        try (RowSource rows = t.rowSource()) {
            return profile(rows, Progress.NONE);
        }
    }

    /** The type values of a column suggest; see {@link #profile}. */
    public static ColumnType inferType(String[] values) {
        ColumnStats stats = new ColumnStats();
        for (String v : values) {
            stats.add(v);
        }
        return stats.type(values.length);
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

    /** What one column's values have shown so far. */
    private static final class ColumnStats {
        long missing;
        long present;
        boolean numeric = true;
        boolean bool = true;
        // Welford's running mean and sum of squared deviations over the numbers: stable in one pass.
        long n;
        double mean;
        double m2;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        // A value is a Double when it reads as a number, else its (shortened) text.
        Map<Object, long[]> exact = new HashMap<>();
        DistinctCount distinct;
        FrequentValues frequent;
        ValueSample sample;

        void add(String raw) {
            if (Values.isMissing(raw)) {
                missing++;
                return;
            }
            String s = raw.strip();
            double d = Values.number(s);
            if (!Double.isNaN(d)) {
                addNumber(d);
                return;
            }
            present++;
            bool &= Values.isBooleanWord(s);
            numeric = false;
            count(shorten(s), d);
        }

        /** A cell that is a number (never a boolean word). */
        void addNumber(double d) {
            present++;
            bool = false;
            n++;
            double delta = d - mean;
            mean += delta / n;
            m2 += delta * (d - mean);
            min = Math.min(min, d);
            max = Math.max(max, d);
            if (exact == null) {
                // Sketched: no boxing on the path most cells of a large file take.
                distinct.addNumber(d);
                sample.add(d);
            } else {
                count(d, d);
            }
        }

        /** Counts a value: a Double for a number {@code d}, else its text. */
        private void count(Object key, double d) {
            if (exact != null) {
                exact.computeIfAbsent(key, k -> new long[1])[0]++;
                if (exact.size() > EXACT_DISTINCT) {
                    startSketches();
                }
            } else {
                distinct.add(key);
                if (key instanceof String text) {
                    frequent.add(text, 1);
                } else {
                    sample.add(d);
                }
            }
        }

        /** Moves the exact counts into the sketches; from now on values go there. */
        private void startSketches() {
            distinct = new DistinctCount();
            frequent = new FrequentValues();
            sample = new ValueSample();
            for (var e : exact.entrySet()) {
                distinct.add(e.getKey());
                if (e.getKey() instanceof String text) {
                    frequent.add(text, e.getValue()[0]);
                } else {
                    for (long i = 0; i < e.getValue()[0]; i++) {
                        sample.add((Double) e.getKey());
                    }
                }
            }
            exact = null;
        }

        long distinctCount() {
            // The sketch started past EXACT_DISTINCT values: an estimate below that is its error.
            return exact != null ? exact.size() : Math.max(distinct.estimate(), EXACT_DISTINCT + 1);
        }

        ColumnType type(long rows) {
            return inferType(present, distinctCount(), numeric, bool);
        }

        ColumnProfile profile(String name, long rows) {
            ColumnType type = type(rows);
            boolean approximate = exact == null;
            Map<Object, Long> counts = new HashMap<>();
            if (approximate) {
                counts.putAll(frequent.counts());
                counts.putAll(sample.counts(n));
            } else {
                exact.forEach((k, v) -> counts.put(k, v[0]));
            }
            List<ValueCount> top = topValues(counts, TOP_VALUES);
            if (type == ColumnType.NUMERIC) {
                double std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0.0;
                List<Long> histogram = approximate
                        ? sample.histogram(min, max, HISTOGRAM_BINS, present)
                        : histogram(counts, min, max);
                return new ColumnProfile(name, type, missing, distinctCount(), min, max, mean, std, top,
                        histogram, approximate);
            }
            return new ColumnProfile(name, type, missing, distinctCount(), null, null, null, null, top,
                    List.of(), approximate);
        }
    }

    /** Equal-width bins from min to max; the last bin is closed so that max is counted. */
    private static List<Long> histogram(Map<Object, Long> counts, double min, double max) {
        long[] histogram = new long[max > min ? HISTOGRAM_BINS : 1];
        counts.forEach((value, count) -> histogram[bin((Double) value, min, max, histogram.length)] += count);
        return java.util.Arrays.stream(histogram).boxed().toList();
    }

    static int bin(double value, double min, double max, int bins) {
        return bins == 1 ? 0 : (int) Math.min(bins - 1, Math.floor((value - min) / (max - min) * bins));
    }

    /** A number without a needless ".0": 3.0 as "3", 2.5 as "2.5". */
    static String formatNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The {@code limit} most frequent values, ties broken by value so the order is stable. */
    private static List<ValueCount> topValues(Map<Object, Long> counts, int limit) {
        return counts.entrySet().stream()
                .map(e -> new ValueCount(e.getKey() instanceof Double d ? formatNumber(d) : (String) e.getKey(),
                        e.getValue()))
                .sorted(Comparator.comparingLong(ValueCount::count).reversed()
                        .thenComparing(ValueCount::value))
                .limit(limit)
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
