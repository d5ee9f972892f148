package dev.hone.ml.data;

/** The kind of values a column holds, as inferred by {@link Profiler}. */
public enum ColumnType {
    /** Every present value parses as a finite number. */
    NUMERIC,
    /** A limited set of string values. */
    CATEGORICAL,
    /** Only true/false/yes/no (any case). */
    BOOLEAN,
    /** Free text or identifiers: too many distinct values to use as categories. */
    TEXT
}
