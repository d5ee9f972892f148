package dev.hone.ml.data;

/**
 * One column of a {@link DataTable}, held as primitives: numbers as doubles, anything else as
 * dictionary codes. Read-only.
 */
public sealed interface Column permits NumericColumn, CategoricalColumn {

    String name();

    ColumnType type();

    int size();

    boolean isMissing(int row);

    /** The value of a row as text ({@code null} when missing), for messages and for writing out. */
    String text(int row);

    /** The given rows, in the given order. */
    Column select(int[] rows);
}
