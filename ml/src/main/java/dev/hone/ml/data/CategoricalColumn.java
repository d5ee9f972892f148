package dev.hone.ml.data;

import java.util.List;

/**
 * A column of text values (categorical, boolean or free text), dictionary-encoded: each row holds
 * the index of its value in {@code dictionary}, or -1 when missing. Values are stored trimmed.
 * Every dictionary entry is used by at least one row when the column comes from {@link DataTable}.
 */
public record CategoricalColumn(String name, ColumnType type, int[] codes, List<String> dictionary)
        implements Column {

    public CategoricalColumn {
        if (type == ColumnType.NUMERIC) {
            throw new IllegalArgumentException("Column '" + name + "' is numeric: use NumericColumn");
        }
        dictionary = List.copyOf(dictionary);
    }

    @Override
    public int size() {
        return codes.length;
    }

    @Override
    public boolean isMissing(int row) {
        return codes[row] < 0;
    }

    /** The dictionary code of a row; -1 when missing. */
    public int code(int row) {
        return codes[row];
    }

    @Override
    public String text(int row) {
        return codes[row] < 0 ? null : dictionary.get(codes[row]);
    }

    /** The given rows, with a dictionary of only the values they use (in the same order). */
    @Override
    public CategoricalColumn select(int[] rows) {
        int[] renumbered = new int[dictionary.size()];
        for (int row : rows) {
            if (codes[row] >= 0) {
                renumbered[codes[row]] = 1;
            }
        }
        List<String> used = new java.util.ArrayList<>();
        for (int code = 0; code < renumbered.length; code++) {
            if (renumbered[code] == 1) {
                renumbered[code] = used.size();
                used.add(dictionary.get(code));
            }
        }
        int[] selected = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int code = codes[rows[i]];
            selected[i] = code < 0 ? -1 : renumbered[code];
        }
        return new CategoricalColumn(name, type, selected, used);
    }
}
