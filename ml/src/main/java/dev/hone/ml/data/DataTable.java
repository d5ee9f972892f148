package dev.hone.ml.data;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory table of strings. A missing value is stored as {@code null}; present values are
 * trimmed. Rows are not copied: treat the arrays as read-only.
 *
 * @param columns column names, unique
 * @param rows one array per row, each as long as {@code columns}
 */
public record DataTable(List<String> columns, List<String[]> rows) {

    public DataTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).length != columns.size()) {
                throw new IllegalArgumentException(
                        "Row " + i + " has " + rows.get(i).length + " values but the table has "
                                + columns.size() + " columns");
            }
        }
    }

    /** The position of a column, or -1 if there is no such column. */
    public int columnIndex(String name) {
        return columns.indexOf(name);
    }

    public int rowCount() {
        return rows.size();
    }

    /** The values of one column, top to bottom (a fresh array). */
    public String[] column(int idx) {
        String[] values = new String[rows.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = rows.get(r)[idx];
        }
        return values;
    }

    /** The values of a named column; IllegalArgumentException if there is none. */
    public String[] column(String name) {
        int idx = columnIndex(name);
        if (idx < 0) {
            throw new IllegalArgumentException("No column '" + name + "'; columns are " + columns);
        }
        return column(idx);
    }

    /** A table with the same columns and the given rows, in the given order. */
    public DataTable selectRows(List<Integer> rowIndices) {
        List<String[]> selected = new ArrayList<>(rowIndices.size());
        for (int r : rowIndices) {
            selected.add(rows.get(r));
        }
        return new DataTable(columns, selected);
    }
}
