package dev.hone.ml.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a {@link DataTable} as UTF-8 RFC 4180 CSV that {@link DataFiles} reads back to an equal
 * table: header first, missing values as empty fields, quotes only where needed.
 */
public final class CsvWriter {

    private CsvWriter() {}

    public static byte[] write(DataTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180)) {
            printer.printRecord(table.columns());
            Object[] values = new Object[table.columns().size()];
            String[] row = new String[values.length];
            RowSource rows = table.rowSource();
            while (rows.next(row)) {
                // Missing as "" rather than null: the printer quotes an empty first field, so a
                // row whose only value is missing becomes "" instead of a blank line (which the
                // reader skips).
                for (int c = 0; c < values.length; c++) {
                    values[c] = row[c] == null ? "" : row[c];
                }
                printer.printRecord(values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen when writing to memory
        }
        return bytes.toByteArray();
    }
}
