package dev.hone.ml.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table in memory, column by column, as primitives: numeric columns as doubles, the others as
 * dictionary codes (see {@link Column}). A million rows of twenty numeric columns take 160 MB,
 * against several GB as strings. Read-only.
 */
public final class DataTable {

    private final List<Column> columns;
    private final List<String> names;
    private final Map<String, Integer> index = new HashMap<>();
    private final int rowCount;

    public DataTable(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.names = this.columns.stream().map(Column::name).toList();
        this.rowCount = columns.isEmpty() ? 0 : columns.get(0).size();
        for (Column c : this.columns) {
            if (c.size() != rowCount) {
                throw new IllegalArgumentException("Column '" + c.name() + "' has " + c.size()
                        + " rows but column '" + names.get(0) + "' has " + rowCount);
            }
            if (index.put(c.name(), index.size()) != null) {
                throw new IllegalArgumentException("Duplicate column name '" + c.name() + "'");
            }
        }
    }

    /**
     * A table of rows given as text (null or a missing marker for no value), with column types
     * inferred as {@link Profiler} infers them.
     */
    public static DataTable fromRows(List<String> columns, List<String[]> rows) {
        DataProfile profile;
        try (RowSource source = new ListRows(columns, rows)) {
            profile = Profiler.profile(source, Progress.NONE);
        }
        try (RowSource source = new ListRows(columns, rows)) {
            return read(source, profile, Progress.NONE);
        }
    }

    /**
     * Reads every row of a file into columns of the types its profile found (the profile of the
     * same file), in one pass.
     *
     * @throws DataFormatException when the file does not match the profile (columns, a number
     *     column holding text), naming the column and where
     */
    public static DataTable read(RowSource rows, DataProfile profile, Progress progress) {
        List<String> names = rows.columns();
        if (!names.equals(profile.columns().stream().map(ColumnProfile::name).toList())) {
            throw new DataFormatException("The file's columns " + names + " are not those of its profile");
        }
        int expected = (int) Math.min(Integer.MAX_VALUE - 8, profile.rowCount());
        Builder[] builders = new Builder[names.size()];
        for (int c = 0; c < builders.length; c++) {
            ColumnProfile p = profile.columns().get(c);
            builders[c] = p.type() == ColumnType.NUMERIC
                    ? new NumericBuilder(p.name(), expected)
                    : new CategoricalBuilder(p.name(), p.type(), expected);
        }
        String[] cells = new String[builders.length];
        double[] numbers = new double[builders.length];
        boolean[] numeric = new boolean[builders.length];
        for (int c = 0; c < numeric.length; c++) {
            numeric[c] = builders[c] instanceof NumericBuilder;
        }
        long count = 0;
        while (rows.next(cells, numbers, numeric)) {
            for (int c = 0; c < builders.length; c++) {
                builders[c].add(cells[c], numbers[c], rows);
            }
            if (++count % Progress.EVERY_ROWS == 0) {
                progress.update("loading the data set", count, rows.bytesRead());
            }
        }
        progress.update("loading the data set", count, rows.bytesRead());
        List<Column> columns = new ArrayList<>(builders.length);
        for (Builder b : builders) {
            columns.add(b.build());
        }
        return new DataTable(columns);
    }

    /** Column names, in order. */
    public List<String> columns() {
        return names;
    }

    /** The position of a column, or -1 if there is no such column. */
    public int columnIndex(String name) {
        return index.getOrDefault(name, -1);
    }

    public int rowCount() {
        return rowCount;
    }

    public Column column(int idx) {
        return columns.get(idx);
    }

    /** A named column; IllegalArgumentException if there is none. */
    public Column column(String name) {
        int idx = columnIndex(name);
        if (idx < 0) {
            throw new IllegalArgumentException("No column '" + name + "'; columns are " + names);
        }
        return columns.get(idx);
    }

    /** A table with the same columns and the given rows, in the given order. */
    public DataTable selectRows(int[] rows) {
        return new DataTable(columns.stream().map(c -> c.select(rows)).toList());
    }

    /** A table with the same columns and the given rows, in the given order. */
    public DataTable selectRows(List<Integer> rows) {
        return selectRows(rows.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The text of one cell; null when missing. */
    public String text(int row, int column) {
        return columns.get(column).text(row);
    }

    /** The rows as text, e.g. to profile the table or write it out. */
    public RowSource rowSource() {
        return new RowSource() {
            private int row;

            @Override
            public List<String> columns() {
                return names;
            }

            @Override
            public boolean next(String[] cells) {
                if (row >= rowCount) {
                    return false;
                }
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = columns.get(c).text(row);
                }
                row++;
                return true;
            }

            @Override
            public String position() {
                return "row " + row;
            }

            @Override
            public long bytesRead() {
                return -1;
            }

            @Override
            public void close() {}
        };
    }

    private interface Builder {
        /** A cell: its text, or null when it came as {@code number} (numeric columns only). */
        void add(String raw, double number, RowSource where);

        Column build();
    }

    private static final class NumericBuilder implements Builder {
        private final String name;
        private double[] values;
        private int size;

        NumericBuilder(String name, int expected) {
            this.name = name;
            this.values = new double[Math.max(16, expected)];
        }

        @Override
        public void add(String raw, double number, RowSource where) {
            double d = raw == null ? number : Double.NaN;
            if (raw != null && !Values.isMissing(raw)) {
                throw new DataFormatException("Column '" + name + "' is numeric but has the value '"
                        + Profiler.shorten(raw.strip()) + "' (" + where.position() + ")");
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = d;
        }

        @Override
        public Column build() {
            return new NumericColumn(name, size == values.length ? values : Arrays.copyOf(values, size));
        }
    }

    private static final class CategoricalBuilder implements Builder {
        private final String name;
        private final ColumnType type;
        private final Map<String, Integer> codes = new HashMap<>();
        private final List<String> dictionary = new ArrayList<>();
        private int[] values;
        private int size;

        CategoricalBuilder(String name, ColumnType type, int expected) {
            this.name = name;
            this.type = type;
            this.values = new int[Math.max(16, expected)];
        }

        @Override
        public void add(String raw, double number, RowSource where) {
            int code = -1;
            if (!Values.isMissing(raw)) {
                String value = raw.strip();
                code = codes.computeIfAbsent(value, v -> {
                    dictionary.add(v);
                    return dictionary.size() - 1;
                });
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = code;
        }

        @Override
        public Column build() {
            return new CategoricalColumn(name, type, size == values.length ? values : Arrays.copyOf(values, size),
                    dictionary);
        }
    }

    /** Rows held in a list, as a source. */
    private static final class ListRows implements RowSource {
        private final List<String> columns;
        private final List<String[]> rows;
        private int row;

        ListRows(List<String> columns, List<String[]> rows) {
            Set<String> seen = new HashSet<>();
            for (String c : columns) {
                if (!seen.add(c)) {
                    throw new IllegalArgumentException("Duplicate column name '" + c + "'");
                }
            }
            this.columns = List.copyOf(columns);
            this.rows = rows;
        }

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public boolean next(String[] cells) {
            if (row >= rows.size()) {
                return false;
            }
            String[] values = rows.get(row);
            if (values.length != columns.size()) {
                throw new IllegalArgumentException("Row " + row + " has " + values.length
                        + " values but the table has " + columns.size() + " columns");
            }
            System.arraycopy(values, 0, cells, 0, cells.length);
            row++;
            return true;
        }

        @Override
        public String position() {
            return "row " + row;
        }

        @Override
        public long bytesRead() {
            return -1;
        }

        @Override
        public void close() {}
    }
}
