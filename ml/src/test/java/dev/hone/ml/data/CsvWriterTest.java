package dev.hone.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void writesWhatTheReaderReadsBack() {
        DataTable t = new DataTable(List.of("name", "note", "n"), List.of(
                new String[] {"a, b", "say \"hi\"", "1"},
                new String[] {null, "two\nlines", null},
                new String[] {"café", null, "3.5"}));

        byte[] csv = CsvWriter.write(t);
        DataTable back = CsvReader.read(new ByteArrayInputStream(csv));

        assertThat(new String(csv, StandardCharsets.UTF_8))
                .startsWith("name,note,n\r\n\"a, b\",\"say \"\"hi\"\"\",1\r\n");
        assertThat(back.columns()).isEqualTo(t.columns());
        assertThat(back.rows()).hasSize(3);
        for (int r = 0; r < 3; r++) {
            assertThat(back.rows().get(r)).containsExactly(t.rows().get(r));
        }
    }

    @Test
    void keepsMissingValueInSingleColumnTable() {
        DataTable t = new DataTable(List.of("only"),
                List.of(new String[] {"x"}, new String[] {null}, new String[] {"y"}));

        DataTable back = CsvReader.read(new ByteArrayInputStream(CsvWriter.write(t)));

        assertThat(back.column(0)).containsExactly("x", null, "y");
    }
}
