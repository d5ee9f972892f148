package dev.hone.ml.data;

/**
 * A numeric column: one double per row, NaN where the value is missing. Doubles rather than
 * floats, because raw values such as timestamps or identifiers lose their last digits as floats
 * before they are standardized; the model's inputs are floats.
 */
public record NumericColumn(String name, double[] values) implements Column {

    @Override
    public ColumnType type() {
        return ColumnType.NUMERIC;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return Double.isNaN(values[row]);
    }

    /** The value of a row; NaN when missing. */
    public double get(int row) {
        return values[row];
    }

    @Override
    public String text(int row) {
        return isMissing(row) ? null : Profiler.formatNumber(values[row]);
    }

    @Override
    public NumericColumn select(int[] rows) {
        double[] selected = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            selected[i] = values[rows[i]];
        }
        return new NumericColumn(name, selected);
    }
}
