package dev.hone.ml.data;

/**
 * A CSV file that cannot be read as a table. The message says what is wrong and where (line,
 * column), so it can be shown to the person who uploaded the file.
 */
public final class CsvFormatException extends RuntimeException {

    public CsvFormatException(String message) {
        super(message);
    }

    public CsvFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
