package dev.hone.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fixtures in src/test/resources/parquet were written by DuckDB; their README says how. */
class ParquetRowsTest {

    private static final String LIMIT = "The data is larger than the upload limit of";

    @TempDir
    Path dir;

    private static Path fixture(String name) {
        try {
            return Path.of(ParquetRowsTest.class.getResource("/parquet/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ParquetRows open(String name) {
        return new ParquetRows(fixture(name), Long.MAX_VALUE, LIMIT);
    }

    /** All rows of a source; cells as read. */
    private static List<String[]> readAll(RowSource source) {
        List<String[]> rows = new ArrayList<>();
        String[] cells = new String[source.columns().size()];
        while (source.next(cells)) {
            rows.add(cells.clone());
        }
        return rows;
    }

    /** The data lines of the bundled iris.csv, split at commas (it has no quoted fields). */
    private static List<String[]> irisCsv() throws Exception {
        try (InputStream in = ParquetRowsTest.class.getResourceAsStream("/datasets/iris.csv")) {
            List<String> lines =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris-snappy.parquet", "iris-zstd.parquet", "iris-gzip.parquet",
            "iris-uncompressed.parquet"})
    void readsIrisInEveryCodecAsTheSameTextAsTheCsv(String name) throws Exception {
        try (ParquetRows rows = open(name)) {
            assertThat(rows.columns()).containsExactly(
                    "sepal_length", "sepal_width", "petal_length", "petal_width", "species");
            assertThat(rows.position()).isEqualTo("row 0");

            List<String[]> read = readAll(rows);

            assertThat(read).hasSize(150);
            assertThat(read.get(0)).containsExactly("5.1", "3.5", "1.4", "0.2", "setosa");
            assertThat(read.get(149)).containsExactly("5.9", "3.0", "5.1", "1.8", "virginica");
            assertThat(read).usingRecursiveFieldByFieldElementComparator().isEqualTo(irisCsv());
            assertThat(rows.position()).isEqualTo("row 150");
            assertThat(rows.bytesRead()).isEqualTo(Files.size(fixture(name)));
        }
    }

    @Test
    void readsEachFlatTypeAsTextAndNullsAsNull() {
        try (ParquetRows rows = open("types.parquet")) {
            assertThat(rows.columns()).containsExactly("id", "big", "d", "f", "flag", "name", "day",
                    "ts", "tstz", "price", "small", "ubig", "clock", "bytes", "uid");

            List<String[]> read = readAll(rows);

            assertThat(read).hasSize(3);
            assertThat(read.get(0)).containsExactly("1", "9007199254740993", "0.1", "0.1", "true",
                    "héllo, \"world\"", "2024-02-29", "2024-02-29T13:45:00",
                    "2024-02-29T13:45:30.123Z", "1234.50", "-5", "18446744073709551615",
                    "12:34:56", "abc", "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
            assertThat(read.get(1)).containsExactly("2", null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null);
            assertThat(read.get(2)).containsExactly("-3", "-1", "-2.5E-10", "3.4028235E38",
                    "false", "", "1970-01-01", "1969-12-31T23:59:59.999999",
                    "2000-01-01T00:00:00Z", "-0.01", "127", "0", "00:00:00", "",
                    "00000000-0000-0000-0000-000000000000");
        }
    }

    @Test
    void readsRowGroupAfterRowGroupReportingPositionAndBytes() throws Exception {
        long size = Files.size(fixture("row-groups.parquet"));
        try (ParquetRows rows = open("row-groups.parquet")) {
            String[] cells = new String[2];
            long count = 0;
            long lastBytes = rows.bytesRead();
            List<Long> bytes = new ArrayList<>();
            while (rows.next(cells)) {
                count++;
                // half is DECIMAL(21, 1): always one decimal
                assertThat(cells).containsExactly(Long.toString(count - 1),
                        (count - 1) / 2 + ((count - 1) % 2 == 0 ? ".0" : ".5"));
                assertThat(rows.position()).isEqualTo("row " + count);
                assertThat(rows.bytesRead()).isGreaterThanOrEqualTo(lastBytes).isLessThan(size);
                lastBytes = rows.bytesRead();
                if (count % 1000 == 0) {
                    bytes.add(lastBytes);
                }
            }
            assertThat(count).isEqualTo(5000);
            assertThat(rows.position()).isEqualTo("row 5000");
            assertThat(bytes).doesNotHaveDuplicates().isSorted();
            assertThat(rows.bytesRead()).isEqualTo(size);
        }
    }

    @Test
    void refusesNestedColumnsNamingThem() {
        assertThatThrownBy(() -> open("list.parquet"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("Column 'tags' is a list; Hone reads flat columns only"
                        + " (numbers, text, booleans, dates)");
        assertThatThrownBy(() -> open("struct.parquet"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("Column 'point' is a struct; Hone reads flat columns only"
                        + " (numbers, text, booleans, dates)");
        assertThatThrownBy(() -> open("map.parquet"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("Column 'attributes' is a map; Hone reads flat columns only"
                        + " (numbers, text, booleans, dates)");
    }

    @Test
    void refusesDuplicateAndBlankColumnNamesAsCsvRowsDoes() {
        assertThatThrownBy(() -> open("duplicate-names.parquet"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("Duplicate column name 'dup_a' in the header; column names must be"
                        + " unique");
        assertThatThrownBy(() -> open("blank-name.parquet"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("Column 2 in the header has a blank name; every column needs a name");
    }

    @Test
    void aFileWithColumnsButNoRowsIsRefusedOnFirstRead() {
        try (ParquetRows rows = open("empty.parquet")) {
            assertThat(rows.columns()).hasSize(5);
            assertThatThrownBy(() -> rows.next(new String[5]))
                    .isInstanceOf(DataFormatException.class)
                    .hasMessage("The file has columns but no data rows");
        }
    }

    @Test
    void aFileCutShortIsRefused() {
        assertThatThrownBy(() -> open("truncated.parquet"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("The file is not a readable Parquet file: it does not end with the"
                        + " Parquet footer, so it is probably cut short or damaged");
    }

    @Test
    void aFileWithBrokenMetadataIsRefused() throws Exception {
        Path broken = dir.resolve("broken.parquet");
        Files.writeString(broken, "PAR1 this is no Parquet footer PAR1");

        assertThatThrownBy(() -> new ParquetRows(broken, Long.MAX_VALUE, LIMIT))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("The file is not a readable Parquet file: ")
                .hasMessageNotContaining("broken.parquet");
    }

    @Test
    void aDamagedDataPageIsRefusedNamingTheRow() throws Exception {
        byte[] bytes = Files.readAllBytes(fixture("iris-snappy.parquet"));
        Arrays.fill(bytes, 200, 400, (byte) 0xFF); // inside the first column's compressed page
        Path damaged = dir.resolve("damaged.parquet");
        Files.write(damaged, bytes);

        // Hardwood decodes ahead: the damage shows when the rows are opened or first read.
        assertThatThrownBy(() -> {
            try (ParquetRows rows = new ParquetRows(damaged, Long.MAX_VALUE, LIMIT)) {
                readAll(rows);
            }
        }).isInstanceOf(DataFormatException.class)
                .hasMessage("The file is not a readable Parquet file: FAILED_TO_UNCOMPRESS(5)"
                        + " (reading row 1)");
    }

    @Test
    void countsTheDataAsCsvTextAgainstTheLimit() throws Exception {
        // iris.csv less its header line is exactly the iris rows as CSV text.
        List<String> lines = Files.readAllLines(Path.of(
                ParquetRowsTest.class.getResource("/datasets/iris.csv").toURI()));
        long csvBytes = lines.stream().skip(1).mapToLong(l -> l.length() + 1).sum();
        Path iris = fixture("iris-zstd.parquet");

        try (ParquetRows rows = new ParquetRows(iris, csvBytes, LIMIT)) {
            assertThat(readAll(rows)).hasSize(150);
        }
        try (ParquetRows rows = new ParquetRows(iris, csvBytes - 1, LIMIT)) {
            assertThatThrownBy(() -> readAll(rows))
                    .isInstanceOf(DataFormatException.class)
                    .hasMessage(LIMIT + " " + (csvBytes - 1) + " bytes");
            assertThat(rows.position()).isEqualTo("row 150");
        }
    }

    @Test
    void deletesTheFileOnCloseOnlyWhenAsked() throws Exception {
        Path copy = dir.resolve("copy.parquet");
        Files.copy(fixture("iris-snappy.parquet"), copy);

        new ParquetRows(copy, Long.MAX_VALUE, LIMIT).close();
        assertThat(copy).exists();

        ParquetRows rows = new ParquetRows(copy, Long.MAX_VALUE, LIMIT, true);
        assertThat(rows.next(new String[5])).isTrue();
        rows.close();
        assertThat(copy).doesNotExist();
        rows.close(); // twice is harmless
    }

    @Test
    void deletesTheFileWhenItCannotBeOpened() throws Exception {
        Path truncated = dir.resolve("truncated.parquet");
        Path nested = dir.resolve("list.parquet");
        Files.copy(fixture("truncated.parquet"), truncated);
        Files.copy(fixture("list.parquet"), nested);

        assertThatThrownBy(() -> new ParquetRows(truncated, Long.MAX_VALUE, LIMIT, true))
                .isInstanceOf(DataFormatException.class);
        assertThatThrownBy(() -> new ParquetRows(nested, Long.MAX_VALUE, LIMIT, true))
                .isInstanceOf(DataFormatException.class);
        assertThat(truncated).doesNotExist();
        assertThat(nested).doesNotExist();
    }

    @Test
    void closingStopsTheDecodingThreadsAlsoWhenOpeningFailed() throws Exception {
        try (ParquetRows rows = open("row-groups.parquet")) {
            assertThat(rows.next(new String[2])).isTrue();
            assertThat(hardwoodThreads()).isPositive();
        }
        assertThatThrownBy(() -> open("list.parquet")).isInstanceOf(DataFormatException.class);
        assertThatThrownBy(() -> open("truncated.parquet")).isInstanceOf(DataFormatException.class);

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (hardwoodThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // a stopped pool's threads end a moment after it reports done
        }
        assertThat(hardwoodThreads()).isZero();
    }

    private static long hardwoodThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("hardwood-"))
                .count();
    }

    @Test
    void dataFilesOpensParquetByItsFirstBytes() throws Exception {
        try (RowSource rows = DataFiles.open(fixture("iris-snappy.parquet"), Long.MAX_VALUE)) {
            assertThat(rows).isInstanceOf(ParquetRows.class);
            assertThat(readAll(rows)).hasSize(150);
        }
        try (InputStream in = Files.newInputStream(fixture("iris-zstd.parquet"));
                RowSource rows = DataFiles.open(in)) {
            assertThat(readAll(rows)).hasSize(150);
        }
    }
}
