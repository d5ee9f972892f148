package dev.hone.ml.data;

import dev.hone.errors.ErrorCode;
import dev.hone.errors.HoneException;

/**
 * A CSV file that cannot be read as a table. The message says what is wrong and where (line,
 * column), so it can be shown to the person who uploaded the file.
 */
public final class CsvFormatException extends HoneException {

    public CsvFormatException(String message) {
        super(ErrorCode.INVALID_INPUT, message);
    }

    public CsvFormatException(String message, Throwable cause) {
        super(ErrorCode.INVALID_INPUT, message, cause);
    }
}
