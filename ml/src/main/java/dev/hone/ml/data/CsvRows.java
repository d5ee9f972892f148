package dev.hone.ml.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows of a CSV file (RFC 4180, UTF-8, header in the first record), streamed: memory holds a
 * buffer of the file and the row being read, not the file. Every problem becomes a {@link
 * DataFormatException} whose message names the line and column, because the reader of that
 * message is the person who made the file.
 *
 * <p>The bytes are split into fields here, without a general-purpose CSV library: a cell's text is
 * made once, straight from the bytes, which is most of the cost of reading a large file. The rules:
 * fields are separated by commas and records by line breaks ({@code \n}, {@code \r\n} or {@code
 * \r}); spaces and tabs around a field are dropped; a field in double quotes may hold commas, line
 * breaks and doubled quotes ({@code ""} for one), and only blanks may follow its closing quote; a
 * quote inside an unquoted field is kept as it is; empty lines are skipped. A UTF-8 byte order mark
 * at the start is dropped.
 *
 * <p>Lines are numbered as in a text editor or spreadsheet: the header is line 1.
 */
final class CsvRows implements RowSource {

    private static final int BUFFER = 1 << 16;

    private final CountingInputStream in;
    private final List<String> columns;
    private final String limitMessage;
    /** The bytes of the file from {@link #start} (the current record's first byte) to {@link #limit}. */
    private byte[] buffer = new byte[BUFFER];
    private int start;
    private int limit;
    private boolean eof;
    /** The line the next byte at {@link #start} is on. */
    private long line = 1;
    /** The line the record last read starts on. */
    private long recordLine;
    /** Field bounds of the record last read, as offsets into {@link #buffer}; -1 start: unescape. */
    private int[] fieldStart = new int[16];
    private int[] fieldEnd = new int[16];
    private int fields;
    /** Fields with doubled quotes inside, already unescaped. */
    private final List<String> unescaped = new ArrayList<>();
    private boolean any;

    /**
     * @param maxBytes the most bytes of CSV text to read (after decompression); beyond it reading
     *     fails with a message that starts with {@code limitMessage}
     */
    CsvRows(InputStream source, long maxBytes, String limitMessage) {
        this.in = new CountingInputStream(source, maxBytes);
        this.limitMessage = limitMessage;
        try {
            fill();
            if (limit - start >= 3 && buffer[start] == (byte) 0xEF && buffer[start + 1] == (byte) 0xBB
                    && buffer[start + 2] == (byte) 0xBF) {
                start += 3;
            }
            boolean header = readRecord();
            // Lines of blanks before the header are not a header.
            while (header && fields == 1 && fieldEnd[0] == fieldStart[0]) {
                header = readRecord();
            }
            if (!header) {
                throw new DataFormatException("The file is empty");
            }
            this.columns = readHeader();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean next(String[] cells) {
        if (!nextRecord()) {
            return false;
        }
        for (int c = 0; c < cells.length; c++) {
            cells[c] = field(c);
        }
        return true;
    }

    /** The next data record, checked against the header; false at the end. */
    private boolean nextRecord() {
        if (!readRecord()) {
            if (!any) {
                throw new DataFormatException("The file has a header but no data rows");
            }
            return false;
        }
        if (fields != columns.size()) {
            throw new DataFormatException(
                    "Row " + recordLine + " has " + fields + (fields == 1 ? " field" : " fields")
                            + " but the header has " + columns.size() + " columns");
        }
        any = true;
        return true;
    }

    @Override
    public boolean next(String[] cells, double[] numbers, boolean[] wanted) {
        if (!nextRecord()) {
            return false;
        }
        for (int c = 0; c < cells.length; c++) {
            double d = wanted[c] && fieldStart[c] >= 0
                    ? Values.simpleDecimal(buffer, fieldStart[c], fieldEnd[c]) : Double.NaN;
            if (Double.isNaN(d)) {
                cells[c] = field(c);
                if (wanted[c]) {
                    d = Values.number(cells[c]);
                    numbers[c] = d;
                    if (!Double.isNaN(d)) {
                        cells[c] = null;
                    }
                }
            } else {
                numbers[c] = d;
                cells[c] = null;
            }
        }
        return true;
    }

    @Override
    public String position() {
        return "line " + recordLine;
    }

    @Override
    public long bytesRead() {
        return in.count();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> readHeader() {
        List<String> names = new ArrayList<>(fields);
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < fields; c++) {
            String name = field(c);
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

    private String field(int c) {
        if (fieldStart[c] < 0) {
            return unescaped.get(fieldEnd[c]);
        }
        return new String(buffer, fieldStart[c], fieldEnd[c] - fieldStart[c], StandardCharsets.UTF_8);
    }

    /**
     * Reads the next record into the field bounds, skipping empty lines; false at the end of the
     * file. The previous record's bytes are given up.
     */
    private boolean readRecord() {
        fields = 0;
        unescaped.clear();
        // Empty lines are skipped.
        while (true) {
            if (start == limit && !fill()) {
                return false;
            }
            byte b = buffer[start];
            if (b == '\n') {
                start++;
                line++;
            } else if (b == '\r') {
                start++;
                if ((start < limit || fill()) && buffer[start] == '\n') {
                    start++;
                }
                line++;
            } else {
                break;
            }
        }
        recordLine = line;
        int pos = start;
        while (true) {
            // Leading blanks.
            while (true) {
                if (pos == limit) {
                    pos = refill(pos);
                    if (pos == limit) {
                        break;
                    }
                }
                if (buffer[pos] != ' ' && buffer[pos] != '\t') {
                    break;
                }
                pos++;
            }
            if (pos < limit && buffer[pos] == '"') {
                pos = quoted(pos + 1);
            } else {
                pos = unquoted(pos);
            }
            // pos is on the separator after the field, or at the end of the file.
            if (pos == limit) {
                start = pos;
                return true;
            }
            byte b = buffer[pos];
            if (b == ',') {
                pos++;
                continue;
            }
            pos++;
            if (b == '\r') {
                if (pos == limit) {
                    pos = refill(pos);
                }
                if (pos < limit && buffer[pos] == '\n') {
                    pos++;
                }
            }
            line++;
            start = pos;
            return true;
        }
    }

    /** An unquoted field from {@code pos}; returns the position of the byte after it. */
    private int unquoted(int pos) {
        int from = pos;
        while (true) {
            if (pos == limit) {
                int shift = start;
                pos = refill(pos);
                from -= shift - start;
                if (pos == limit) {
                    break;
                }
            }
            byte b = buffer[pos];
            if (b == ',' || b == '\n' || b == '\r') {
                break;
            }
            pos++;
        }
        int to = pos;
        while (to > from && (buffer[to - 1] == ' ' || buffer[to - 1] == '\t')) {
            to--;
        }
        addField(from, to);
        return pos;
    }

    /** A quoted field whose text starts at {@code pos}; returns the position after its trailing blanks. */
    private int quoted(int pos) {
        int from = pos;
        boolean escapes = false;
        long linesInside = 0;
        while (true) {
            if (pos == limit) {
                int shift = start;
                pos = refill(pos);
                from -= shift - start;
                if (pos == limit) {
                    throw new DataFormatException("Malformed quoting in the row starting near line " + recordLine
                            + ": the file ends inside a quoted field. " + QUOTING);
                }
            }
            byte b = buffer[pos];
            if (b == '"') {
                if (pos + 1 == limit) {
                    int shift = start;
                    pos = refill(pos);
                    from -= shift - start;
                }
                if (pos + 1 < limit && buffer[pos + 1] == '"') {
                    escapes = true;
                    pos += 2;
                    continue;
                }
                break;
            }
            if (b == '\n' || (b == '\r' && (pos + 1 >= limit || buffer[pos + 1] != '\n'))) {
                linesInside++;
            }
            pos++;
        }
        int to = pos;
        pos++; // the closing quote
        while (true) {
            if (pos == limit) {
                int shift = start;
                pos = refill(pos);
                from -= shift - start;
                to -= shift - start;
                if (pos == limit) {
                    break;
                }
            }
            byte b = buffer[pos];
            if (b == ',' || b == '\n' || b == '\r') {
                break;
            }
            if (b != ' ' && b != '\t') {
                throw new DataFormatException("Malformed quoting in the row starting near line " + recordLine
                        + ": text after the closing quote of a field. " + QUOTING);
            }
            pos++;
        }
        line += linesInside;
        if (escapes) {
            String text = new String(buffer, from, to - from, StandardCharsets.UTF_8).replace("\"\"", "\"");
            unescaped.add(text);
            addField(-1, unescaped.size() - 1);
        } else {
            addField(from, to);
        }
        return pos;
    }

    private static final String QUOTING = "A field that contains a comma, quote or line break must be"
            + " enclosed in double quotes, with inner quotes doubled (\"\").";

    private void addField(int from, int to) {
        if (fields == fieldStart.length) {
            fieldStart = Arrays.copyOf(fieldStart, fields * 2);
            fieldEnd = Arrays.copyOf(fieldEnd, fields * 2);
        }
        fieldStart[fields] = from;
        fieldEnd[fields] = to;
        fields++;
    }

    /**
     * Reads more of the file while a record is being read: the record so far moves to the start of
     * the buffer (which grows when one record fills it). Returns where {@code pos} is now.
     */
    private int refill(int pos) {
        int shift = start;
        if (shift > 0) {
            System.arraycopy(buffer, start, buffer, 0, limit - start);
            for (int f = 0; f < fields; f++) {
                if (fieldStart[f] >= 0) {
                    fieldStart[f] -= shift;
                    fieldEnd[f] -= shift;
                }
            }
            limit -= shift;
            start = 0;
            pos -= shift;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        read();
        return pos;
    }

    /** Reads more when the buffer is used up between records; false at the end of the file. */
    private boolean fill() {
        if (start == limit) {
            start = 0;
            limit = 0;
        }
        if (limit == buffer.length) {
            return true;
        }
        read();
        return start < limit;
    }

    private void read() {
        if (eof) {
            return;
        }
        try {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        } catch (LimitExceeded e) {
            throw e.asFormatError(limitMessage);
        } catch (NotUtf8 e) {
            throw e.asFormatError();
        } catch (Unreadable e) {
            throw e.asFormatError(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

        DataFormatException asFormatError(long line) {
            return new DataFormatException("The file cannot be read past line " + line
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
     * checks the bytes are UTF-8 as they pass (overlong forms and surrogates included), counting
     * lines, so that a bad byte is reported with its line, and a cell is never silently decoded
     * with replacement characters.
     */
    static final class CountingInputStream extends java.io.FilterInputStream {
        private final long limit;
        private long count;
        private long lines = 1;
        private int continuation;
        /** Allowed range of the next continuation byte (narrower right after some lead bytes). */
        private int low = 0x80;
        private int high = 0xbf;

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
                count += n;
                if (count > limit) {
                    throw new LimitExceeded(limit);
                }
                check(buffer, offset, n);
            } else if (n < 0 && continuation > 0) {
                throw new NotUtf8(lines, count);
            }
            return n;
        }

        private void check(byte[] buffer, int offset, int length) throws IOException {
            long first = count - length;
            for (int i = offset; i < offset + length; i++) {
                int b = buffer[i] & 0xff;
                if (continuation > 0) {
                    if (b < low || b > high) {
                        throw new NotUtf8(lines, first + i - offset);
                    }
                    low = 0x80;
                    high = 0xbf;
                    continuation--;
                } else if (b >= 0x80) {
                    if (b >= 0xc2 && b <= 0xdf) {
                        continuation = 1;
                    } else if (b >= 0xe0 && b <= 0xef) {
                        continuation = 2;
                        low = b == 0xe0 ? 0xa0 : 0x80;
                        high = b == 0xed ? 0x9f : 0xbf;
                    } else if (b >= 0xf0 && b <= 0xf4) {
                        continuation = 3;
                        low = b == 0xf0 ? 0x90 : 0x80;
                        high = b == 0xf4 ? 0x8f : 0xbf;
                    } else {
                        throw new NotUtf8(lines, first + i - offset);
                    }
                } else if (b == '\n') {
                    lines++;
                }
            }
        }
    }
}
