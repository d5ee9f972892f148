package dev.hone.ml.data;

import java.util.List;

/**
 * Summary of one column.
 *
 * @param missing number of missing cells
 * @param distinct number of distinct present values
 * @param min smallest value, numeric columns only (else null)
 * @param max largest value, numeric columns only
 * @param mean mean, numeric columns only
 * @param std sample standard deviation (n - 1), numeric columns only; 0 with one value
 * @param topValues the 10 most frequent values (ties by value); for numeric columns too; a value longer
 *     than {@value Profiler#MAX_VALUE_CHARS} characters is cut there and ends with "…"
 * @param histogram numeric columns only: counts of present values in {@value Profiler#HISTOGRAM_BINS}
 *     equal-width bins from {@code min} to {@code max} (the last bin includes {@code max}; one bin
 *     when all values are equal); empty for other columns and for profiles stored before it existed
 * @param approximate whether {@code distinct}, the counts in {@code topValues} and {@code histogram}
 *     are estimates: a column with more than {@value Profiler#EXACT_DISTINCT} distinct values is
 *     summarised by sketches of constant size (see {@link Profiler}); missing, min, max, mean and std
 *     are always exact
 */
public record ColumnProfile(
        String name,
        ColumnType type,
        long missing,
        long distinct,
        Double min,
        Double max,
        Double mean,
        Double std,
        List<ValueCount> topValues,
        List<Long> histogram,
        boolean approximate) {

    public ColumnProfile {
        topValues = topValues == null ? List.of() : List.copyOf(topValues);
        histogram = histogram == null ? List.of() : List.copyOf(histogram);
    }

    /** An exact profile. */
    public ColumnProfile(String name, ColumnType type, long missing, long distinct, Double min, Double max,
            Double mean, Double std, List<ValueCount> topValues, List<Long> histogram) {
        this(name, type, missing, distinct, min, max, mean, std, topValues, histogram, false);
    }
}
