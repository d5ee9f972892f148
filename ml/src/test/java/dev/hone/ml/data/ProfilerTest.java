package dev.hone.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilerTest {

    @Test
    void profilesNumericCategoricalAndBooleanColumns() {
        DataTable t = DataTable.fromRows(
                List.of("x", "color", "flag"),
                List.of(
                        new String[] {"1", "red", "yes"},
                        new String[] {"2", "blue", "no"},
                        new String[] {"3", "red", "Yes"},
                        new String[] {"4", null, "TRUE"},
                        new String[] {null, "red", null}));

        DataProfile p = Profiler.profile(t);

        assertThat(p.rowCount()).isEqualTo(5);
        ColumnProfile x = p.column("x");
        assertThat(x.type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(x.missing()).isEqualTo(1);
        assertThat(x.distinct()).isEqualTo(4);
        assertThat(x.min()).isEqualTo(1.0);
        assertThat(x.max()).isEqualTo(4.0);
        assertThat(x.mean()).isEqualTo(2.5);
        // sample std of 1..4: sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3) = sqrt(5/3)
        assertThat(x.std()).isCloseTo(1.2909944487358056, within(1e-12));

        ColumnProfile color = p.column("color");
        assertThat(color.type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(color.missing()).isEqualTo(1);
        assertThat(color.distinct()).isEqualTo(2);
        assertThat(color.min()).isNull();
        assertThat(color.topValues())
                .containsExactly(new ValueCount("red", 3), new ValueCount("blue", 1));

        ColumnProfile flag = p.column("flag");
        assertThat(flag.type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(flag.missing()).isEqualTo(1);
        assertThat(flag.distinct()).isEqualTo(4);
    }

    @Test
    void countsNumbersByValue() {
        DataTable t = DataTable.fromRows(List.of("n"),
                List.of(new String[] {"1"}, new String[] {"1.0"}, new String[] {"2.50"}));

        ColumnProfile n = Profiler.profile(t).column("n");

        assertThat(n.distinct()).isEqualTo(2);
        assertThat(n.topValues()).containsExactly(new ValueCount("1", 2), new ValueCount("2.5", 1));
    }

    @Test
    void numericColumnsGetAnEqualWidthHistogramThatCountsEveryPresentValue() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            rows.add(new String[] {Integer.toString(i), "0.5", "a"});
        }
        rows.add(new String[] {null, "0.5", "b"});
        DataProfile p = Profiler.profile(DataTable.fromRows(List.of("n", "same", "word"), rows));

        List<Long> n = p.column("n").histogram();
        assertThat(n).hasSize(Profiler.HISTOGRAM_BINS);
        // 0..100 in 20 bins of width 5: [0,5) .. [95,100], the last one closed, so it holds 6 values.
        assertThat(n.get(0)).isEqualTo(5);
        assertThat(n.get(19)).isEqualTo(6);
        assertThat(n.stream().mapToLong(Long::longValue).sum()).isEqualTo(101);
        assertThat(p.column("same").histogram()).containsExactly(102L);
        assertThat(p.column("word").histogram()).isEmpty();
    }

    @Test
    void manyDistinctStringsAreTextButRepeatedOnesAreCategorical() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            rows.add(new String[] {"user-" + i, "city-" + (i % 55)});
        }

        DataProfile p = Profiler.profile(DataTable.fromRows(List.of("id", "city"), rows));

        // 120 distinct ids in 120 rows: text. 55 cities (more than 50) but each seen twice or more.
        assertThat(p.column("id").type()).isEqualTo(ColumnType.TEXT);
        assertThat(p.column("city").type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(p.column("id").topValues()).hasSize(10);
    }

    @Test
    void textThatLooksAlmostNumericIsNotNumeric() {
        DataTable t = DataTable.fromRows(List.of("v"),
                List.of(new String[] {"1"}, new String[] {"2d"}, new String[] {"Infinity"}));

        assertThat(Profiler.profile(t).column("v").type()).isEqualTo(ColumnType.CATEGORICAL);
    }

    @Test
    void longValuesAreCutInTheProfileButCountedWhole() {
        String megabyte = "x".repeat(1_048_576);
        String emoji = "y".repeat(999) + "\uD83D\uDE00" + "z";
        DataTable t = DataTable.fromRows(List.of("text"), List.of(new String[] {megabyte}, new String[] {megabyte},
                new String[] {emoji}, new String[] {"short"}));

        ColumnProfile text = Profiler.profile(t).column("text");

        assertThat(text.distinct()).isEqualTo(3);
        assertThat(text.topValues().get(0).count()).isEqualTo(2);
        assertThat(text.topValues().get(0).value()).hasSize(1001).startsWith("xxx").endsWith("\u2026");
        // Cut before a surrogate pair, never inside it.
        assertThat(text.topValues()).extracting(ValueCount::value).contains("y".repeat(999) + "\u2026", "short");
    }

    @Test
    void columnsWithManyDistinctValuesAreSketchedAndSaySo() {
        int rows = 200_000;
        List<String[]> data = new ArrayList<>(rows);
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < rows; i++) {
            // x: every value distinct except a zero in a quarter of the rows; word: a frequent
            // "common" among 100,000 distinct others; small: three values, exact as before.
            String x = i % 4 == 0 ? "0" : Double.toString(random.nextDouble() * 100 + 1);
            String word = i % 2 == 0 ? "common" : "w" + (i / 2);
            data.add(new String[] {x, word, Integer.toString(i % 3)});
        }

        DataProfile p = Profiler.profile(DataTable.fromRows(List.of("x", "word", "small"), data));

        ColumnProfile x = p.column("x");
        assertThat(x.approximate()).isTrue();
        assertThat(x.type()).isEqualTo(ColumnType.NUMERIC);
        // 150,001 distinct values; HyperLogLog with 4,096 registers errs by about 1.6%.
        assertThat((double) x.distinct()).isCloseTo(150_001, within(150_001 * 0.05));
        // min, max, mean, missing stay exact.
        assertThat(x.min()).isEqualTo(0.0);
        assertThat(x.missing()).isZero();
        assertThat(x.histogram().stream().mapToLong(Long::longValue).sum()).isEqualTo(rows);
        // The zeros fill most of the first of 20 bins over [0, 101): a quarter of the rows plus ~5%.
        assertThat((double) x.histogram().get(0)).isCloseTo(rows * 0.25 + rows * 0.75 * 5.05 / 100,
                within(rows * 0.02));
        assertThat(x.topValues().get(0).value()).isEqualTo("0");
        assertThat((double) x.topValues().get(0).count()).isCloseTo(rows / 4.0, within(rows * 0.03));

        ColumnProfile word = p.column("word");
        assertThat(word.approximate()).isTrue();
        assertThat(word.type()).isEqualTo(ColumnType.TEXT);
        assertThat(word.topValues().get(0).value()).isEqualTo("common");
        // Misra-Gries counts are lower bounds, at most rows / 100 below the truth.
        assertThat(word.topValues().get(0).count()).isBetween(rows / 2L - rows / 100, rows / 2L);

        ColumnProfile small = p.column("small");
        assertThat(small.approximate()).isFalse();
        assertThat(small.distinct()).isEqualTo(3);
        assertThat(small.topValues()).extracting(ValueCount::count).containsOnly(66_667L, 66_667L, 66_666L);
    }

    @Test
    void theSameDataAlwaysGivesTheSameProfile() {
        List<String[]> data = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            data.add(new String[] {Integer.toString(i * 7 % 10_007)});
        }
        DataTable t = DataTable.fromRows(List.of("n"), data);

        assertThat(Profiler.profile(t)).isEqualTo(Profiler.profile(t));
    }
}
