package dev.hone.ml.data;

import dev.hone.errors.ErrorCode;
import dev.hone.errors.HoneException;

/**
 * A data file (CSV, gzip-compressed CSV, Parquet) that cannot be read as a table. The message says
 * what is wrong and where (line or row, column), so it can be shown to the person who uploaded the
 * file.
 */
public final class DataFormatException extends HoneException {

    public DataFormatException(String message) {
        super(ErrorCode.INVALID_INPUT, message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(ErrorCode.INVALID_INPUT, message, cause);
    }

    private DataFormatException(ErrorCode code, String message) {
        super(code, message);
    }

    /** A file that holds more data than the limit (after decompression, or as CSV text for Parquet). */
    public static DataFormatException tooLarge(String message) {
        return new DataFormatException(ErrorCode.PAYLOAD_TOO_LARGE, message);
    }
}
