package dev.hone.ml.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes a table as RFC 4180 CSV in UTF-8; missing values become empty cells. */
public final class CsvWriter {

    private CsvWriter() {
    }

    public static byte[] write(DataTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8),
                CSVFormat.RFC4180.builder().setHeader(table.columns().toArray(String[]::new)).get())) {
            for (String[] row : table.rows()) {
                printer.printRecord((Object[]) row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
