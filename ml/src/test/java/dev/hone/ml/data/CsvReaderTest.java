package dev.hone.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static DataTable read(String csv) {
        return CsvReader.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
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
        assertThat(t.rows().get(0)).containsExactly("1", "x", null);
        assertThat(t.rows().get(1)).containsExactly("2", "y, \"z\"", null);
        assertThat(t.rows().get(2)).containsExactly("3", null, null);
        assertThat(t.rows().get(3)).containsExactly("4", null, null);
        assertThat(t.column(0)).containsExactly("1", "2", "3", "4");
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

        DataTable t = CsvReader.read(new ByteArrayInputStream(withBom));

        assertThat(t.columns()).containsExactly("id", "v");
        assertThat(t.rows().get(0)).containsExactly("1", "2");
    }

    @Test
    void rejectsEmptyFile() {
        assertThatThrownBy(() -> read("")).isInstanceOf(CsvFormatException.class)
                .hasMessage("The file is empty");
        assertThatThrownBy(() -> read(" \n\n")).isInstanceOf(CsvFormatException.class)
                .hasMessage("The file is empty");
    }

    @Test
    void rejectsHeaderWithoutRows() {
        assertThatThrownBy(() -> read("a,b\n")).isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("has a header but no data rows");
    }

    @Test
    void rejectsRaggedRowNamingItsLine() {
        assertThatThrownBy(() -> read("a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage("Row 5 has 3 fields but the header has 4 columns");
    }

    @Test
    void rejectsUnterminatedQuoteWithLineInformation() {
        assertThatThrownBy(() -> read("a,b\n1,2\n3,\"open\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("Malformed quoting in the row starting near line 3");
    }

    @Test
    void rejectsTextAfterClosingQuote() {
        assertThatThrownBy(() -> read("a,b\n1,2\n3,\"x\"y\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("Malformed quoting in the row starting near line 3");
    }

    @Test
    void rejectsInvalidUtf8NamingTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("name,n\nok,1\ncaf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // "é" in Latin-1, not UTF-8
        bytes.writeBytes(",2\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> CsvReader.read(new ByteArrayInputStream(bytes.toByteArray())))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("is not valid UTF-8")
                .hasMessageContaining("line 3");
    }

    @Test
    void rejectsDuplicateColumnNames() {
        assertThatThrownBy(() -> read("x,y,x\n1,2,3\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("Duplicate column name 'x'");
    }

    @Test
    void rejectsBlankColumnName() {
        assertThatThrownBy(() -> read("x, ,z\n1,2,3\n"))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageContaining("Column 2")
                .hasMessageContaining("blank name");
    }

    @Test
    void readsBundledIris() {
        DataTable t = CsvReader.read(getClass().getResourceAsStream("/datasets/iris.csv"));

        assertThat(t.rowCount()).isEqualTo(150);
        assertThat(t.columns()).containsExactly(
                "sepal_length", "sepal_width", "petal_length", "petal_width", "species");
        assertThat(Arrays.stream(t.column("species")).distinct())
                .containsExactly("setosa", "versicolor", "virginica");
    }
}
