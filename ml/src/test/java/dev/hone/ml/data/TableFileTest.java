package dev.hone.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableFileTest {

    @Test
    void aStoredTableReadsBackEqualInEveryCellAndType() {
        DataTable t = DataTable.fromRows(List.of("n", "colour", "flag", "note"), List.of(
                new String[] {"1.25", "red", "yes", "a"},
                new String[] {null, "blue", "no", "b"},
                new String[] {"-3e10", null, "yes", "c"},
                new String[] {"1e-300", "café, \"x\"", null, "d"}));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableFile.write(t, out);
        DataTable back = TableFile.read(new ByteArrayInputStream(out.toByteArray()));

        assertThat(TableFile.isTableFile(out.toByteArray())).isTrue();
        assertThat(back.columns()).isEqualTo(t.columns());
        for (int c = 0; c < t.columns().size(); c++) {
            assertThat(back.column(c).type()).isEqualTo(t.column(c).type());
        }
        assertThat(TestTables.rows(back)).usingRecursiveComparison().isEqualTo(TestTables.rows(t));
        assertThat(((NumericColumn) back.column("n")).values()).containsExactly(1.25, Double.NaN, -3e10, 1e-300);
    }

    @Test
    void aTableLargerThanOneChunkSurvivesTheRoundTrip() {
        int rows = 50_000;
        double[] values = new double[rows];
        int[] codes = new int[rows];
        for (int r = 0; r < rows; r++) {
            values[r] = r * 0.5;
            codes[r] = r % 3;
        }
        DataTable t = new DataTable(List.of(new NumericColumn("x", values),
                new CategoricalColumn("c", ColumnType.CATEGORICAL, codes, List.of("a", "b", "c"))));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableFile.write(t, out);
        DataTable back = TableFile.read(new ByteArrayInputStream(out.toByteArray()));

        assertThat(((NumericColumn) back.column("x")).values()).isEqualTo(values);
        assertThat(((CategoricalColumn) back.column("c")).codes()).isEqualTo(codes);
    }

    @Test
    void aCutFileOrOtherBytesAreRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableFile.write(DataTable.fromRows(List.of("a"), List.of(new String[] {"1"}, new String[] {"2"})), out);
        byte[] cut = Arrays.copyOf(out.toByteArray(), out.size() - 3);

        assertThatThrownBy(() -> TableFile.read(new ByteArrayInputStream(cut))).hasMessageContaining("cut short");
        assertThatThrownBy(() -> TableFile.read(new ByteArrayInputStream("a,b\n1,2\n".getBytes())))
                .hasMessage("Not a stored table");
    }

    @Test
    void selectingRowsKeepsOnlyTheDictionaryValuesTheyUse() {
        DataTable t = DataTable.fromRows(List.of("c"),
                List.of(new String[] {"x"}, new String[] {"y"}, new String[] {null}, new String[] {"z"}));

        CategoricalColumn selected = (CategoricalColumn) t.selectRows(new int[] {3, 2, 0}).column(0);

        assertThat(selected.dictionary()).containsExactly("x", "z");
        assertThat(TestTables.column(t.selectRows(new int[] {3, 2, 0}), "c")).containsExactly("z", null, "x");
    }
}
