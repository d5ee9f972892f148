package dev.hone.ml.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
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
 * Reads an uploaded CSV file (RFC 4180, UTF-8, header in the first record) into a {@link
 * DataTable}. Every problem becomes a {@link CsvFormatException} whose message names the line
 * and column, because the reader of that message is the person who made the file.
 *
 * <p>Lines are numbered as in a text editor or spreadsheet: the header is line 1.
 */
public final class CsvReader {

    private static final char BOM = '\uFEFF';

    // Blank lines are skipped: a trailing empty line is common and means nothing.
    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setTrim(true).setIgnoreEmptyLines(true).get();

    private CsvReader() {}

    public static DataTable read(InputStream in) {
        String text = decodeUtf8(readAll(in));
        if (!text.isEmpty() && text.charAt(0) == BOM) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new CsvFormatException("The file is empty");
        }
        try (CSVParser parser = FORMAT.parse(new StringReader(text))) {
            Records records = new Records(parser);
            List<String> columns = readHeader(records.next(), text);
            List<String[]> rows = new ArrayList<>();
            while (true) {
                CSVRecord record = records.next();
                if (record == null) {
                    break;
                }
                if (record.size() != columns.size()) {
                    throw new CsvFormatException(
                            "Row " + lineOf(text, record) + " has " + record.size()
                                    + (record.size() == 1 ? " field" : " fields")
                                    + " but the header has " + columns.size() + " columns");
                }
                String[] row = new String[columns.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = Values.normalize(record.get(c));
                }
                rows.add(row);
            }
            if (rows.isEmpty()) {
                throw new CsvFormatException("The file has a header but no data rows");
            }
            return new DataTable(columns, rows);
        } catch (IOException e) {
            // Only close() can get here, and closing a StringReader does not fail.
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readHeader(CSVRecord header, String text) {
        if (header == null) {
            throw new CsvFormatException("The file is empty");
        }
        List<String> columns = new ArrayList<>(header.size());
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (name.isBlank()) {
                throw new CsvFormatException(
                        "Column " + (c + 1) + " in the header (line " + lineOf(text, header)
                                + ") has a blank name; every column needs a name");
            }
            if (!seen.add(name)) {
                throw new CsvFormatException(
                        "Duplicate column name '" + name + "' in the header; column names must be"
                                + " unique");
            }
            columns.add(name);
        }
        return columns;
    }

    /** Records in file order; quoting errors become CsvFormatException. */
    private static final class Records {
        private final CSVParser parser;
        private final Iterator<CSVRecord> iterator;
        private long linesRead;

        Records(CSVParser parser) {
            this.parser = parser;
            this.iterator = parser.iterator();
        }

        /** The next record, or null at the end. */
        CSVRecord next() {
            try {
                CSVRecord record = iterator.hasNext() ? iterator.next() : null;
                linesRead = parser.getCurrentLineNumber();
                return record;
            } catch (UncheckedIOException e) {
                // The broken record starts on the line after the last good one (blank lines
                // aside); commons-csv's own line count points at where it gave up, which for
                // an unclosed quote is the end of the file.
                throw new CsvFormatException(
                        "Malformed quoting in the row starting near line " + (linesRead + 1)
                                + ": " + e.getCause().getMessage()
                                + ". A field that contains a comma, quote or line break must be"
                                + " enclosed in double quotes, with inner quotes doubled (\"\").",
                        e);
            }
        }
    }

    /** The 1-based line on which a record starts. Only called to build error messages. */
    private static long lineOf(String text, CSVRecord record) {
        long position = Math.min(record.getCharacterPosition(), text.length());
        long line = 1;
        for (int i = 0; i < position; i++) {
            char ch = text.charAt(i);
            if (ch == '\n' || (ch == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the CSV input", e);
        }
    }

    private static String decodeUtf8(byte[] bytes) {
        // REPORT instead of the default REPLACE: silently turning bytes into U+FFFD would corrupt
        // category values without anyone noticing.
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(buffer).toString();
        } catch (CharacterCodingException e) {
            // On failure the buffer stands at the first bad byte.
            int offset = buffer.position();
            long line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new CsvFormatException(
                    "The file is not valid UTF-8: line " + line + " contains a byte sequence that"
                            + " is not UTF-8 (byte offset " + offset + "). Save the file as UTF-8"
                            + " and upload it again.",
                    e);
        }
    }
}
