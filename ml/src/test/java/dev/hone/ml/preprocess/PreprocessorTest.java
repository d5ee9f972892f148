package dev.hone.ml.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.ml.data.ColumnProfile;
import dev.hone.ml.data.ColumnType;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.ValueCount;
import dev.hone.vocabulary.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    /** Columns: x (numeric), color (categorical), note (text: unique per row), target. */
    private static DataTable table(int rows, IntFunction<String> target) {
        List<String[]> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            data.add(new String[] {
                Integer.toString(i % 17), List.of("red", "green", "blue").get(i % 3),
                "note number " + i, target.apply(i)});
        }
        return DataTable.fromRows(List.of("x", "color", "note", "target"), data);
    }

    @Test
    void infersRegressionForManyDistinctNumbersAndDropsTextColumns() {
        PreprocessingResult r = Preprocessor.run(
                table(120, i -> Double.toString(i * 1.5)), PreprocessingOptions.defaults("target", 1));

        assertThat(r.task()).isEqualTo(Task.REGRESSION);
        assertThat(r.transform().inputColumns()).containsExactly("x", "color");
        assertThat(r.transform().featureCount()).isEqualTo(1 + 3 + 1);
        assertThat(r.split().train().rowCount() + r.split().validation().rowCount()
                + r.split().test().rowCount()).isEqualTo(120);
    }

    @Test
    void infersClassificationForFewIntegersAndDropsRowsWithoutTarget() {
        PreprocessingResult r = Preprocessor.run(
                table(60, i -> i % 10 == 9 ? "NA" : Integer.toString(i % 2)),
                PreprocessingOptions.defaults("target", 1));

        assertThat(r.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(r.transform().classLabels()).containsExactly("0", "1");
        assertThat(r.split().train().rowCount() + r.split().validation().rowCount()
                + r.split().test().rowCount()).isEqualTo(54);
        assertThat(r.quality().missingByColumn()).containsEntry("target", 6L);
    }

    @Test
    void taskInferenceFromProfile() {
        ColumnProfile integers = new ColumnProfile("t", ColumnType.NUMERIC, 0, 5, 0.0, 4.0, 2.0, 1.0,
                List.of(new ValueCount("1", 3), new ValueCount("2", 3)), List.of());
        ColumnProfile fractions = new ColumnProfile("t", ColumnType.NUMERIC, 0, 5, 0.5, 4.0, 2.0, 1.0,
                List.of(), List.of());
        ColumnProfile many = new ColumnProfile("t", ColumnType.NUMERIC, 0, 21, 0.0, 40.0, 2.0, 1.0,
                List.of(), List.of());
        ColumnProfile words = new ColumnProfile("t", ColumnType.CATEGORICAL, 0, 3, null, null, null,
                null, List.of(), List.of());

        assertThat(TaskInference.infer(integers)).isEqualTo(Task.CLASSIFICATION);
        assertThat(TaskInference.infer(fractions)).isEqualTo(Task.REGRESSION);
        assertThat(TaskInference.infer(many)).isEqualTo(Task.REGRESSION);
        assertThat(TaskInference.infer(words)).isEqualTo(Task.CLASSIFICATION);
    }

    @Test
    void rejectsUnknownTarget() {
        assertThatThrownBy(() -> Preprocessor.run(table(30, i -> "a"), PreprocessingOptions.defaults("y", 1)))
                .isInstanceOf(PreprocessingException.class)
                .hasMessage("Target column 'y' does not exist; columns are [x, color, note, target]");
    }

    @Test
    void rejectsRegressionOnText() {
        PreprocessingOptions o = PreprocessingOptions.defaults("target", 1).withTask(Task.REGRESSION);
        assertThatThrownBy(() -> Preprocessor.run(table(30, i -> i % 2 == 0 ? "cat" : "dog"), o))
                .isInstanceOf(PreprocessingException.class)
                .hasMessageContaining("is not numeric")
                .hasMessageContaining("regression");
    }

    @Test
    void rejectsSingleClass() {
        assertThatThrownBy(() -> Preprocessor.run(table(30, i -> "same"), PreprocessingOptions.defaults("target", 1)))
                .isInstanceOf(PreprocessingException.class)
                .hasMessageContaining("only one class ('same')");
    }

    @Test
    void rejectsTooManyClasses() {
        PreprocessingOptions o = PreprocessingOptions.defaults("target", 1).withTask(Task.CLASSIFICATION);
        assertThatThrownBy(() -> Preprocessor.run(table(1001, i -> "c" + i), o))
                .isInstanceOf(PreprocessingException.class)
                .hasMessageContaining("1001 distinct values");
    }

    @Test
    void rejectsClassesTooSmallToSplit() {
        assertThatThrownBy(() -> Preprocessor.run(
                        table(30, i -> i < 2 ? "rare" : "common"), PreprocessingOptions.defaults("target", 1)))
                .isInstanceOf(PreprocessingException.class)
                .hasMessageContaining("[rare]")
                .hasMessageContaining("fewer than 3 rows");
    }

    @Test
    void rejectsBadFractions() {
        assertThatThrownBy(() -> new PreprocessingOptions("y", null, 1, 0.9, 0.1, 20))
                .isInstanceOf(PreprocessingException.class)
                .hasMessageContaining("trainFraction + validationFraction");
    }
}
