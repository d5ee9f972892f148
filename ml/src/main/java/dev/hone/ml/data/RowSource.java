package dev.hone.ml.data;

import java.util.List;

/**
 * The rows of a data file, read once from top to bottom without holding the file in memory. Cells
 * are raw text as {@link Values} reads it: {@code null} or a missing marker means no value.
 *
 * <p>Every problem with the file is a {@link DataFormatException} whose message names where it is
 * ({@link #position()}), whatever the format.
 */
public interface RowSource extends AutoCloseable {

    /** Column names, unique and not blank, in file order. */
    List<String> columns();

    /**
     * Fills {@code cells} (as long as {@link #columns()}) with the next row.
     *
     * @return false at the end of the file, when {@code cells} is left as it was
     */
    boolean next(String[] cells);

    /**
     * Fills the next row, giving the cells of the {@code wanted} columns that are numbers as numbers:
     * for such a column, a number comes back in {@code numbers[c]} with {@code cells[c]} null, and
     * anything else (text, a missing marker, nothing) in {@code cells[c]} with {@code numbers[c]} NaN
     * (so a null cell with a NaN number is a missing value).
     * Other columns are as {@link #next(String[])} gives them. A CSV file parses such numbers straight
     * from its bytes, without making a string of each. Pass the same {@code wanted} every time.
     *
     * @return false at the end of the file
     */
    default boolean next(String[] cells, double[] numbers, boolean[] wanted) {
        if (!next(cells)) {
            return false;
        }
        for (int c = 0; c < cells.length; c++) {
            if (wanted[c]) {
                numbers[c] = Values.number(cells[c]);
                if (!Double.isNaN(numbers[c])) {
                    cells[c] = null;
                }
            }
        }
        return true;
    }

    /** Where the row last returned is, for messages: "line 12" in a text file, "row 11" in Parquet. */
    String position();

    /** Bytes of the file read so far (compressed bytes for a compressed file), for progress. */
    long bytesRead();

    @Override
    void close();
}
