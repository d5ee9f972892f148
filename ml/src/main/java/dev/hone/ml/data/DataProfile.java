package dev.hone.ml.data;

import java.util.List;

/** Summary of a table: its row count and one profile per column, in column order. */
public record DataProfile(long rowCount, List<ColumnProfile> columns) {

    public DataProfile {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** The profile of a named column; IllegalArgumentException if there is none. */
    public ColumnProfile column(String name) {
        return columns.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No column '" + name + "'"));
    }
}
