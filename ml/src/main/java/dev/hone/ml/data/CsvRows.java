package dev.hone.ml.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of a CSV file (RFC 4180, UTF-8, header in the first record), streamed: memory does not
 * grow with the file. Every problem becomes a {@link DataFormatException} whose message names the
 * line and column, because the reader of that message is the person who made the file.
 *
 * <p>Lines are numbered as in a text editor or spreadsheet: the header is line 1.
 */
final class CsvRows implements RowSource {

    private static final char BOM = '\uFEFF';

    // Blank lines are skipped: a trailing empty line is common and means nothing.
    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setTrim(true).setIgnoreEmptyLines(true).get();

    private final CountingInputStream counted;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> columns;
    private final String limitMessage;
    private long linesRead;
    private long recordLine;
    private boolean any;

    /**
     * @param maxBytes the most bytes of CSV text to read (after decompression); beyond it reading
     *     fails with a message that starts with {@code limitMessage}
     */
    CsvRows(InputStream in, long maxBytes, String limitMessage) {
        this.counted = new CountingInputStream(in, maxBytes);
        this.limitMessage = limitMessage;
        // REPORT instead of the default REPLACE: silently turning bytes into U+FFFD would corrupt
        // category values without anyone noticing.
        Reader reader = new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        try {
            reader = skipBom(new java.io.PushbackReader(reader, 1));
            this.parser = FORMAT.parse(reader);
        } catch (IOException e) {
            throw failure(e);
        }
        this.records = parser.iterator();
        CSVRecord header = nextRecord();
        while (header != null && header.size() == 1 && header.get(0).isBlank()) {
            header = nextRecord(); // lines of blanks before the header
        }
        if (header == null) {
            close();
            throw new DataFormatException("The file is empty");
        }
        this.columns = readHeader(header);
    }

    private static Reader skipBom(java.io.PushbackReader reader) throws IOException {
        int first = reader.read();
        if (first != -1 && first != BOM) {
            reader.unread(first);
        }
        return reader;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean next(String[] cells) {
        CSVRecord record = nextRecord();
        if (record == null) {
            if (!any) {
                throw new DataFormatException("The file has a header but no data rows");
            }
            return false;
        }
        if (record.size() != columns.size()) {
            throw new DataFormatException(
                    "Row " + recordLine + " has " + record.size()
                            + (record.size() == 1 ? " field" : " fields")
                            + " but the header has " + columns.size() + " columns");
        }
        for (int c = 0; c < cells.length; c++) {
            cells[c] = record.get(c);
        }
        any = true;
        return true;
    }

    @Override
    public String position() {
        return "line " + recordLine;
    }

    @Override
    public long bytesRead() {
        return counted.count();
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> readHeader(CSVRecord header) {
        List<String> names = new ArrayList<>(header.size());
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (name.isBlank()) {
                throw new DataFormatException(
                        "Column " + (c + 1) + " in the header (line " + recordLine
                                + ") has a blank name; every column needs a name");
            }
            if (!seen.add(name)) {
                throw new DataFormatException(
                        "Duplicate column name '" + name + "' in the header; column names must be"
                                + " unique");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** The next record, or null at the end; {@link #recordLine} is the line it starts on. */
    private CSVRecord nextRecord() {
        try {
            CSVRecord record = records.hasNext() ? records.next() : null;
            if (record != null) {
                recordLine = startLine(record);
            }
            linesRead = parser.getCurrentLineNumber();
            return record;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw notUtf8(e.getCause());
            }
            if (e.getCause() instanceof LimitExceeded limit) {
                throw limit.asFormatError(limitMessage);
            }
            if (e.getCause() instanceof Unreadable unreadable) {
                throw unreadable.asFormatError(linesRead);
            }
            if (e.getCause() instanceof NotUtf8 notUtf8) {
                throw notUtf8.asFormatError();
            }
            // The broken record starts on the line after the last good one (blank lines
            // aside); commons-csv's own line count points at where it gave up, which for
            // an unclosed quote is the end of the file.
            throw new DataFormatException(
                    "Malformed quoting in the row starting near line " + (linesRead + 1)
                            + ": " + e.getCause().getMessage()
                            + ". A field that contains a comma, quote or line break must be"
                            + " enclosed in double quotes, with inner quotes doubled (\"\").",
                    e);
        }
    }

    /**
     * The line a record starts on: the parser stands on the record's last line, which is as many
     * lines below its first as its values hold line breaks. Blank lines before it are counted.
     */
    private long startLine(CSVRecord record) {
        long breaks = 0;
        for (String value : record) {
            for (int i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) {
                breaks++;
            }
        }
        return parser.getCurrentLineNumber() - breaks;
    }

    private RuntimeException failure(IOException e) {
        if (e instanceof CharacterCodingException) {
            return notUtf8(e);
        }
        if (e instanceof LimitExceeded limit) {
            return limit.asFormatError(limitMessage);
        }
        if (e instanceof Unreadable unreadable) {
            return unreadable.asFormatError(linesRead);
        }
        if (e instanceof NotUtf8 notUtf8) {
            return notUtf8.asFormatError();
        }
        return new UncheckedIOException(e);
    }

    private DataFormatException notUtf8(Throwable cause) {
        return new DataFormatException(
                "The file is not valid UTF-8: near line " + (linesRead + 1) + " there is a byte"
                        + " sequence that is not UTF-8. Save the file as UTF-8 and upload it again.",
                cause);
    }

    /** Thrown inside the stream when more than the allowed bytes are read. */
    static final class LimitExceeded extends IOException {
        private final long limit;

        LimitExceeded(long limit) {
            super("more than " + limit + " bytes");
            this.limit = limit;
        }

        DataFormatException asFormatError(String prefix) {
            return DataFormatException.tooLarge(prefix + " " + limit + " bytes");
        }
    }

    /** Thrown inside the stream when the bytes underneath cannot be read (a damaged gzip file). */
    static final class Unreadable extends IOException {
        Unreadable(IOException cause) {
            super(cause.getMessage(), cause);
        }

        DataFormatException asFormatError(long linesRead) {
            return new DataFormatException("The file cannot be read past line " + (linesRead + 1)
                    + ": " + getMessage() + "; it may be damaged or cut short", this);
        }
    }

    /** Thrown inside the stream at the first byte that cannot be UTF-8, with its line and offset. */
    static final class NotUtf8 extends IOException {
        private final long line;
        private final long offset;

        NotUtf8(long line, long offset) {
            super("not UTF-8 at byte " + offset);
            this.line = line;
            this.offset = offset;
        }

        DataFormatException asFormatError() {
            return new DataFormatException("The file is not valid UTF-8: line " + line + " contains a byte"
                    + " sequence that is not UTF-8 (byte offset " + offset + "). Save the file as UTF-8 and"
                    + " upload it again.", this);
        }
    }

    /**
     * Counts the bytes read and stops past a limit; a read error becomes {@link Unreadable}. It also
     * checks the bytes are UTF-8 as they pass, counting lines, so that a bad byte is reported with
     * its line (the decoder behind it reads ahead and could not say where).
     */
    static final class CountingInputStream extends java.io.FilterInputStream {
        private final long limit;
        private long count;

        CountingInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                throw new Unreadable(e);
            }
            if (n > 0) {
                add(n);
                check(buffer, offset, n);
            }
            return n;
        }

        private long lines = 1;
        private int continuation;

        private void add(long n) throws IOException {
            count += n;
            if (count > limit) {
                throw new LimitExceeded(limit);
            }
        }

        private void check(byte[] buffer, int offset, int length) throws IOException {
            long start = count - length;
            for (int i = offset; i < offset + length; i++) {
                int b = buffer[i] & 0xff;
                if (continuation > 0) {
                    if ((b & 0xc0) != 0x80) {
                        throw new NotUtf8(lines, start + i - offset);
                    }
                    continuation--;
                } else if (b >= 0x80) {
                    if (b >= 0xc2 && b <= 0xdf) {
                        continuation = 1;
                    } else if (b >= 0xe0 && b <= 0xef) {
                        continuation = 2;
                    } else if (b >= 0xf0 && b <= 0xf4) {
                        continuation = 3;
                    } else {
                        throw new NotUtf8(lines, start + i - offset);
                    }
                } else if (b == '\n') {
                    lines++;
                }
            }
        }
    }
}
