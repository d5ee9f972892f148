package dev.hone.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataFilesTest {

    private static DataTable read(String csv) {
        return TestTables.read(csv);
    }

    @Test
    void readsQuotedTrimmedValuesAndTurnsMissingMarkersIntoNull() {
        DataTable t = read("a, b ,c\n"
                + "1, x ,NA\n"
                + "2,\"y, \"\"z\"\"\",\n"
                + "3,N/A,?\n"
                + "4,nan,NULL\n"
                + "\n");

        assertThat(t.columns()).containsExactly("a", "b", "c");
        assertThat(t.rowCount()).isEqualTo(4);
        assertThat(TestTables.rows(t).get(0)).containsExactly("1", "x", null);
        assertThat(TestTables.rows(t).get(1)).containsExactly("2", "y, \"z\"", null);
        assertThat(TestTables.rows(t).get(2)).containsExactly("3", null, null);
        assertThat(TestTables.rows(t).get(3)).containsExactly("4", null, null);
        assertThat(TestTables.column(t, "a")).containsExactly("1", "2", "3", "4");
        assertThat(t.columnIndex("b")).isEqualTo(1);
        assertThat(t.columnIndex("nope")).isEqualTo(-1);
    }

    @Test
    void stripsByteOrderMarkAndAcceptsCrLf() {
        byte[] body = "id,v\r\n1,2\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);

        DataTable t = TestTables.read(new ByteArrayInputStream(withBom));

        assertThat(t.columns()).containsExactly("id", "v");
        assertThat(TestTables.rows(t).get(0)).containsExactly("1", "2");
    }

    @Test
    void rejectsEmptyFile() {
        assertThatThrownBy(() -> read("")).isInstanceOf(DataFormatException.class)
                .hasMessage("The file is empty");
        assertThatThrownBy(() -> read(" \n\n")).isInstanceOf(DataFormatException.class)
                .hasMessage("The file is empty");
    }

    @Test
    void rejectsHeaderWithoutRows() {
        assertThatThrownBy(() -> read("a,b\n")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("has a header but no data rows");
    }

    @Test
    void rejectsRaggedRowNamingItsLine() {
        assertThatThrownBy(() -> read("a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("Row 5 has 3 fields but the header has 4 columns");
    }

    @Test
    void rejectsUnterminatedQuoteWithLineInformation() {
        assertThatThrownBy(() -> read("a,b\n1,2\n3,\"open\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Malformed quoting in the row starting near line 3");
    }

    @Test
    void rejectsTextAfterClosingQuote() {
        assertThatThrownBy(() -> read("a,b\n1,2\n3,\"x\"y\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Malformed quoting in the row starting near line 3");
    }

    @Test
    void rejectsInvalidUtf8NamingTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("name,n\nok,1\ncaf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // "é" in Latin-1, not UTF-8
        bytes.writeBytes(",2\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> TestTables.read(new ByteArrayInputStream(bytes.toByteArray())))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("is not valid UTF-8")
                .hasMessageContaining("line 3");
    }

    @Test
    void rejectsDuplicateColumnNames() {
        assertThatThrownBy(() -> read("x,y,x\n1,2,3\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Duplicate column name 'x'");
    }

    @Test
    void rejectsBlankColumnName() {
        assertThatThrownBy(() -> read("x, ,z\n1,2,3\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Column 2")
                .hasMessageContaining("blank name");
    }

    @Test
    void readsBundledIris() {
        DataTable t = TestTables.read(getClass().getResourceAsStream("/datasets/iris.csv"));

        assertThat(t.rowCount()).isEqualTo(150);
        assertThat(t.columns()).containsExactly(
                "sepal_length", "sepal_width", "petal_length", "petal_width", "species");
        assertThat(Arrays.stream(TestTables.column(t, "species")).distinct())
                .containsExactly("setosa", "versicolor", "virginica");
    }

    @Test
    void readsGzipCompressedCsvLikeTheSameCsv() throws Exception {
        String csv = "a,b\n1,x\n2,y\n3,x\n";
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(zipped)) {
            gzip.write(csv.getBytes(StandardCharsets.UTF_8));
        }

        DataTable t = TestTables.read(zipped.toByteArray());

        assertThat(DataFiles.format(zipped.toByteArray())).isEqualTo(DataFiles.Format.CSV_GZIP);
        assertThat(TestTables.rows(t)).usingRecursiveComparison().isEqualTo(TestTables.rows(read(csv)));
    }

    @Test
    void aDamagedGzipFileIsRefusedNamingWhereReadingStopped() throws Exception {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 5000; i++) {
            csv.append(i).append(",x").append(i % 7).append('\n');
        }
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(zipped)) {
            gzip.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] cut = Arrays.copyOf(zipped.toByteArray(), zipped.size() / 2);

        assertThatThrownBy(() -> TestTables.read(cut))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("cannot be read past line")
                .hasMessageContaining("damaged or cut short");
    }

    @Test
    void aSmallGzipFileThatExpandsBeyondTheLimitIsRefused() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("bomb", ".csv.gz");
        try {
            try (var gzip = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(file))) {
                gzip.write("a,b\n".getBytes(StandardCharsets.UTF_8));
                byte[] row = "1,2\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 1000; i++) {
                    gzip.write(row); // 4 MB of text in a few kB
                }
            }
            assertThat(java.nio.file.Files.size(file)).isLessThan(100_000);

            assertThatThrownBy(() -> {
                try (RowSource rows = DataFiles.open(file, 1_000_000)) {
                    Profiler.profile(rows, Progress.NONE);
                }
            }).isInstanceOf(DataFormatException.class)
                    .hasMessage("The decompressed file is larger than the upload limit of 1000000 bytes");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void aCsvOverTheLimitIsRefusedWhileReading() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("big", ".csv");
        try {
            java.nio.file.Files.writeString(file, "a,b\n" + "1,2\n".repeat(1000));
            assertThatThrownBy(() -> {
                try (RowSource rows = DataFiles.open(file, 100)) {
                    Profiler.profile(rows, Progress.NONE);
                }
            }).isInstanceOf(DataFormatException.class)
                    .hasMessage("The data is larger than the upload limit of 100 bytes");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void profilingReportsProgressAsItReads() {
        StringBuilder csv = new StringBuilder("a\n");
        int rows = Progress.EVERY_ROWS * 2 + 5;
        for (int i = 0; i < rows; i++) {
            csv.append(i % 10).append('\n');
        }
        List<Long> reported = new java.util.ArrayList<>();
        try (RowSource source = DataFiles.open(new ByteArrayInputStream(
                csv.toString().getBytes(StandardCharsets.UTF_8)))) {
            Profiler.profile(source, (step, done, bytes) -> reported.add(done));
        }

        assertThat(reported).containsExactly((long) Progress.EVERY_ROWS, 2L * Progress.EVERY_ROWS, (long) rows);
    }

    @Test
    void aStepStopsWhenItsProgressListenerThrows() {
        StringBuilder csv = new StringBuilder("a\n");
        for (int i = 0; i < Progress.EVERY_ROWS * 3; i++) {
            csv.append(i).append('\n');
        }
        try (RowSource source = DataFiles.open(new ByteArrayInputStream(
                csv.toString().getBytes(StandardCharsets.UTF_8)))) {
            assertThatThrownBy(() -> Profiler.profile(source, (step, done, bytes) -> {
                throw new IllegalStateException("cancelled at " + done);
            })).hasMessage("cancelled at " + Progress.EVERY_ROWS);
        }
    }

    @Test
    void aGzipHeaderAloneIsRefusedAsNotGzip() {
        assertThatThrownBy(() -> TestTables.read(new byte[] {0x1f, (byte) 0x8b, 8, 0}))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("The file starts like gzip but is not a valid gzip file");
    }

    @Test
    void quotedFieldsMayHoldSeparatorsLineBreaksAndDoubledQuotesAndLinesStillCount() {
        DataTable t = read("a,b\n1,\"x, \"\"y\"\"\nz\"\n2,  \"w\"  \r3,plain \"q\" text\r\n");

        assertThat(TestTables.rows(t)).containsExactly(new String[] {"1", "x, \"y\"\nz"},
                new String[] {"2", "w"}, new String[] {"3", "plain \"q\" text"});
        // The bad row is on line 6: the quoted line break counted, \r alone ends a line.
        assertThatThrownBy(() -> read("a,b\n1,\"x\ny\"\n2,z\r3,w\r\n4,5,6\n"))
                .hasMessage("Row 6 has 3 fields but the header has 2 columns");
    }

    @Test
    void everyTableTheWriterWritesReadsBackEqualWhateverItsSize() {
        java.util.Random random = new java.util.Random(11);
        String[] pieces = {"a", "b c", ",", "\"", "\n", "\r\n", "é", "日本", "😀", "  ", "x\"\"y", "1.5", ""};
        for (int round = 0; round < 5; round++) {
            int rows = 2000 + random.nextInt(4000);
            List<String[]> data = new java.util.ArrayList<>();
            for (int r = 0; r < rows; r++) {
                String[] row = new String[3];
                for (int c = 0; c < 3; c++) {
                    StringBuilder v = new StringBuilder("v");
                    for (int k = random.nextInt(6); k > 0; k--) {
                        v.append(pieces[random.nextInt(pieces.length)]);
                    }
                    // Values are read trimmed: write them as they come back.
                    row[c] = v.toString().strip();
                }
                data.add(row);
            }
            // One value longer than the read buffer.
            data.get(rows / 2)[1] = "long," + "z".repeat(200_000);
            DataTable t = DataTable.fromRows(List.of("p", "q", "r"), data);

            DataTable back = TestTables.read(CsvWriter.write(t));

            assertThat(TestTables.rows(back)).usingRecursiveComparison().isEqualTo(TestTables.rows(t));
        }
    }

    @Test
    void overlongFormsSurrogatesAndACutCharacterAreNotUtf8() {
        for (byte[] bad : List.of(new byte[] {'a', '\n', (byte) 0xC0, (byte) 0x80, '\n'},
                new byte[] {'a', '\n', (byte) 0xE0, (byte) 0x80, (byte) 0x80, '\n'},
                new byte[] {'a', '\n', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'},
                new byte[] {'a', '\n', 'x', (byte) 0xE6, (byte) 0x97})) {
            assertThatThrownBy(() -> TestTables.read(bad)).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("is not valid UTF-8: line 2");
        }
    }

    @Test
    void numbersReadStraightFromTheBytesEqualThoseReadFromText() {
        String[] values = {"01", "1.0", "-0", "1e3", "2.5", "12345678901234567", "0.1", ".5", "5.", "+3",
            "-0.000001", "3.14159265358979", "NA", "", "7", "1E-2", "0.30000000000000004"};
        StringBuilder csv = new StringBuilder("n,mixed\n");
        List<String[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            csv.append(values[i]).append(',').append(i % 3 == 0 ? "x" : values[i]).append('\n');
            rows.add(new String[] {values[i], i % 3 == 0 ? "x" : values[i]});
        }

        DataTable fromBytes = read(csv.toString());
        DataTable fromText = DataTable.fromRows(List.of("n", "mixed"), rows);

        assertThat(Profiler.profile(fromBytes)).isEqualTo(Profiler.profile(fromText));
        assertThat(((NumericColumn) fromBytes.column("n")).values())
                .isEqualTo(((NumericColumn) fromText.column("n")).values());
        for (int i = 0; i < values.length; i++) {
            double expected = values[i].isEmpty() || values[i].equals("NA") ? Double.NaN : Double.parseDouble(values[i]);
            assertThat((Double) ((NumericColumn) fromBytes.column("n")).get(i)).as(values[i]).isEqualTo((Double) expected);
        }
        // A column with text keeps each value's own spelling ("1.0", not "1").
        assertThat(TestTables.column(fromBytes, "mixed")).contains("1.0", "5.", ".5", "-0");
    }
}
