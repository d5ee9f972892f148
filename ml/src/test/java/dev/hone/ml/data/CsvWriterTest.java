package dev.hone.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void writesWhatTheReaderReadsBack() {
        DataTable t = DataTable.fromRows(List.of("name", "note", "n"), List.of(
                new String[] {"a, b", "say \"hi\"", "1"},
                new String[] {null, "two\nlines", null},
                new String[] {"café", null, "3.5"}));

        byte[] csv = CsvWriter.write(t);
        DataTable back = TestTables.read(csv);

        assertThat(new String(csv, StandardCharsets.UTF_8))
                .startsWith("name,note,n\r\n\"a, b\",\"say \"\"hi\"\"\",1\r\n");
        assertThat(back.columns()).isEqualTo(t.columns());
        assertThat(TestTables.rows(back)).hasSize(3);
        for (int r = 0; r < 3; r++) {
            assertThat(TestTables.rows(back).get(r)).containsExactly(TestTables.rows(t).get(r));
        }
    }

    @Test
    void keepsMissingValueInSingleColumnTable() {
        DataTable t = DataTable.fromRows(List.of("only"),
                List.of(new String[] {"x"}, new String[] {null}, new String[] {"y"}));

        DataTable back = TestTables.read(CsvWriter.write(t));

        assertThat(TestTables.column(back, "only")).containsExactly("x", null, "y");
    }
}
