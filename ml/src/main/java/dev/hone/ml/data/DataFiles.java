package dev.hone.ml.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Opens an uploaded data file as rows, whatever its format: CSV, gzip-compressed CSV or Parquet,
 * told apart by their first bytes (not by a name or media type, which a client may get wrong).
 */
public final class DataFiles {

    /** The formats a data file may have. */
    public enum Format {
        CSV("text/csv"),
        CSV_GZIP("application/gzip"),
        PARQUET("application/vnd.apache.parquet");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

    private DataFiles() {}

    /** The format of a file, from its first bytes; CSV when it is neither gzip nor Parquet. */
    public static Format format(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return format(in.readNBytes(4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The format of a file from its first four bytes (or the whole content). */
    public static Format format(byte[] head) {
        if (head.length >= 2 && Arrays.equals(head, 0, 2, GZIP_MAGIC, 0, 2)) {
            return Format.CSV_GZIP;
        }
        if (head.length >= 4 && Arrays.equals(head, 0, 4, PARQUET_MAGIC, 0, 4)) {
            return Format.PARQUET;
        }
        return Format.CSV;
    }

    /**
     * The rows of a data file. The caller closes the source.
     *
     * @param maxBytes the most data the file may hold as CSV text (after decompression; for
     *     Parquet, its cells written out as CSV): a small compressed file that expands beyond the
     *     upload limit is refused like a large one
     */
    public static RowSource open(Path file, long maxBytes) {
        Format format = format(file);
        String limit = "The data is larger than the upload limit of";
        if (format == Format.PARQUET) {
            return new ParquetRows(file, maxBytes, limit);
        }
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            if (format == Format.CSV_GZIP) {
                in = gunzip(in);
                limit = "The decompressed file is larger than the upload limit of";
            }
            return new ReadAhead(new CsvRows(in, maxBytes, limit));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rows of a stored data file read as a stream. A Parquet file needs random access and is
     * first copied to a temporary file, deleted when the source is closed.
     */
    public static RowSource open(InputStream content) {
        BufferedInputStream in = new BufferedInputStream(content, 1 << 16);
        try {
            in.mark(4);
            byte[] head = in.readNBytes(4);
            in.reset();
            Format format = format(head);
            if (format == Format.PARQUET) {
                Path copy = Files.createTempFile("hone-parquet-", ".parquet");
                try (in) {
                    Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    return new ParquetRows(copy, Long.MAX_VALUE, "", true);
                } catch (RuntimeException | IOException e) {
                    Files.deleteIfExists(copy);
                    throw e;
                }
            }
            InputStream text = format == Format.CSV_GZIP ? gunzip(in) : in;
            return new ReadAhead(new CsvRows(text, Long.MAX_VALUE, ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream gunzip(InputStream in) throws IOException {
        try {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            // A bad or cut-short gzip header.
            in.close();
            throw new DataFormatException("The file starts like gzip but is not a valid gzip file: "
                    + (e.getMessage() == null ? "its header is cut short" : e.getMessage()), e);
        }
    }
}
