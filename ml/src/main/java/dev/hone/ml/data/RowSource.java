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

    /** Where the row last returned is, for messages: "line 12" in a text file, "row 11" in Parquet. */
    String position();

    /** Bytes of the file read so far (compressed bytes for a compressed file), for progress. */
    long bytesRead();

    @Override
    void close();
}
