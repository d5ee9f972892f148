package dev.hone.ml.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.TestTables;
import dev.hone.vocabulary.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SplitterTest {

    /** 150 rows, classes a, b, c with 50 rows each, interleaved; column id is the row number. */
    private static DataTable threeClasses() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            rows.add(new String[] {Integer.toString(i), List.of("a", "b", "c").get(i % 3)});
        }
        return DataTable.fromRows(List.of("id", "label"), rows);
    }

    private static Map<String, Long> classCounts(DataTable t) {
        return Arrays.stream(TestTables.column(t, "label"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static List<String> ids(DataTable t) {
        return Arrays.asList(TestTables.column(t, "id"));
    }

    @Test
    void stratifiesEveryClassInTheSameProportions() {
        DataSplit s = Splitter.split(threeClasses(), PreprocessingOptions.defaults("label", 42),
                Task.CLASSIFICATION);

        // per class of 50: train round(35.0) = 35, validation round(7.5) = 8, test the other 7
        assertThat(classCounts(s.train())).isEqualTo(Map.of("a", 35L, "b", 35L, "c", 35L));
        assertThat(classCounts(s.validation())).isEqualTo(Map.of("a", 8L, "b", 8L, "c", 8L));
        assertThat(classCounts(s.test())).isEqualTo(Map.of("a", 7L, "b", 7L, "c", 7L));
    }

    @Test
    void splitsAreDisjointAndComplete() {
        DataSplit s = Splitter.split(threeClasses(), PreprocessingOptions.defaults("label", 7),
                Task.CLASSIFICATION);

        List<String> all = Stream.of(s.train(), s.validation(), s.test())
                .flatMap(t -> ids(t).stream()).toList();
        assertThat(all).hasSize(150).doesNotHaveDuplicates();
        assertThat(all).containsExactlyInAnyOrderElementsOf(ids(threeClasses()));
    }

    @Test
    void sameSeedGivesSameSplitAndOtherSeedAnother() {
        DataTable t = threeClasses();
        DataSplit first = Splitter.split(t, PreprocessingOptions.defaults("label", 1), Task.CLASSIFICATION);
        DataSplit again = Splitter.split(t, PreprocessingOptions.defaults("label", 1), Task.CLASSIFICATION);
        DataSplit other = Splitter.split(t, PreprocessingOptions.defaults("label", 2), Task.CLASSIFICATION);

        assertThat(ids(again.train())).isEqualTo(ids(first.train()));
        assertThat(ids(again.validation())).isEqualTo(ids(first.validation()));
        assertThat(ids(again.test())).isEqualTo(ids(first.test()));
        assertThat(ids(other.train())).isNotEqualTo(ids(first.train()));
    }

    @Test
    void regressionSplitIsAPlainShuffle() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(new String[] {Integer.toString(i), Double.toString(i * 0.5)});
        }
        DataSplit s = Splitter.split(DataTable.fromRows(List.of("id", "label"), rows),
                PreprocessingOptions.defaults("label", 3), Task.REGRESSION);

        assertThat(s.train().rowCount()).isEqualTo(70);
        assertThat(s.validation().rowCount()).isEqualTo(15);
        assertThat(s.test().rowCount()).isEqualTo(15);
        // shuffled: the test rows are not simply the last 15
        assertThat(ids(s.test())).isNotEqualTo(
                Stream.iterate(85, i -> i + 1).limit(15).map(String::valueOf).toList());
    }

    @Test
    void smallestSplittableClassGetsOneRowEverywhere() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new String[] {Integer.toString(i), i < 3 ? "rare" : "common"});
        }
        DataSplit s = Splitter.split(DataTable.fromRows(List.of("id", "label"), rows),
                PreprocessingOptions.defaults("label", 5), Task.CLASSIFICATION);

        assertThat(classCounts(s.train())).containsEntry("rare", 1L);
        assertThat(classCounts(s.validation())).containsEntry("rare", 1L);
        assertThat(classCounts(s.test())).containsEntry("rare", 1L);
    }

    @Test
    void rejectsClassTooSmallToStratify() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(new String[] {Integer.toString(i), i < 2 ? "rare" : "common"});
        }
        assertThatThrownBy(() -> Splitter.split(DataTable.fromRows(List.of("id", "label"), rows),
                PreprocessingOptions.defaults("label", 5), Task.CLASSIFICATION))
                .isInstanceOf(PreprocessingException.class)
                .hasMessageContaining("Class 'rare' has only 2 row(s)");
    }

    @Test
    void aStudySampleKeepsEveryClassShareAndIsTheSameForTheSameSeed() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            // 80% a, 15% b, 5% c
            String label = i % 20 == 0 ? "c" : i % 20 < 4 ? "b" : "a";
            rows.add(new String[] {Integer.toString(i), label});
        }
        DataTable t = DataTable.fromRows(List.of("id", "label"), rows);

        DataTable sample = Splitter.sample(t, "label", Task.CLASSIFICATION, 1_000, 7);

        assertThat(sample.rowCount()).isEqualTo(1_000);
        assertThat(classCounts(sample)).containsEntry("a", 800L).containsEntry("b", 150L).containsEntry("c", 50L);
        assertThat(ids(sample)).isEqualTo(ids(Splitter.sample(t, "label", Task.CLASSIFICATION, 1_000, 7)))
                .isNotEqualTo(ids(Splitter.sample(t, "label", Task.CLASSIFICATION, 1_000, 8)));
        // Rows keep their order; a table no larger than the sample is returned whole.
        assertThat(ids(sample).stream().map(Integer::parseInt).toList()).isSorted();
        assertThat(Splitter.sample(t, "label", Task.CLASSIFICATION, 10_000, 7)).isSameAs(t);
    }

    @Test
    void aRegressionSampleIsDrawnUniformly() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            rows.add(new String[] {Integer.toString(i), Double.toString(i * 0.5)});
        }
        DataTable t = DataTable.fromRows(List.of("id", "y"), rows);

        DataTable sample = Splitter.sample(t, "y", Task.REGRESSION, 500, 1);

        assertThat(sample.rowCount()).isEqualTo(500);
        // Uniform: about a tenth of the rows from each tenth of the table.
        long firstTenth = ids(sample).stream().mapToInt(Integer::parseInt).filter(id -> id < 500).count();
        assertThat(firstTenth).isBetween(30L, 70L);
    }
    @Test
    void foldsHoldEveryClassInTheSameProportionsAndEveryRowOnce() {
        int[] classes = new int[103];
        for (int r = 0; r < classes.length; r++) {
            classes[r] = r < 60 ? 0 : (r < 90 ? 1 : 2); // 60, 30 and 13 rows
        }
        int[] folds = Splitter.folds(classes, classes.length, 5, 3);

        int[][] counts = new int[5][3];
        for (int r = 0; r < classes.length; r++) {
            counts[folds[r]][classes[r]]++;
        }
        int total = 0;
        for (int f = 0; f < 5; f++) {
            assertThat(counts[f][0]).isEqualTo(12);
            assertThat(counts[f][1]).isEqualTo(6);
            assertThat(counts[f][2]).isBetween(2, 3);
            total += counts[f][0] + counts[f][1] + counts[f][2];
        }
        assertThat(total).isEqualTo(103);
        assertThat(Splitter.folds(classes, classes.length, 5, 3)).isEqualTo(folds);
        assertThat(Splitter.folds(classes, classes.length, 5, 4)).isNotEqualTo(folds);
    }

    @Test
    void regressionFoldsAreAShuffleDealtEvenly() {
        int[] folds = Splitter.folds(null, 23, 5, 1);
        int[] sizes = new int[5];
        for (int f : folds) {
            sizes[f]++;
        }
        assertThat(sizes).containsExactly(5, 5, 5, 4, 4);
        assertThat(folds).isNotEqualTo(new int[] {0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2});
        assertThatThrownBy(() -> Splitter.folds(null, 4, 5, 1)).hasMessage("Cannot deal 4 rows into 5 folds");
    }
}
