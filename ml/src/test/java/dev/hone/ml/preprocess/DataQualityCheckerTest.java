package dev.hone.ml.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.ml.data.DataTable;
import dev.hone.vocabulary.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataQualityCheckerTest {

    /**
     * 15 rows: class a x12, b x3; "code" mirrors the class (leak); "id" is unique per row (not a
     * leak); "k" is constant; "m" misses 2 values; rows 0 and 1 are identical.
     */
    private static DataTable table() {
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String label = i < 12 ? "a" : "b";
            String code = label.toUpperCase();
            String id = i == 1 ? "0" : Integer.toString(i);
            String m = i == 5 || i == 13 ? null : Integer.toString(i % 4);
            if (i == 1) {
                m = "0"; // row 1 repeats row 0 entirely
            }
            rows.add(new String[] {id, code, "same", m, label});
        }
        return DataTable.fromRows(List.of("id", "code", "k", "m", "label"), rows);
    }

    @Test
    void findsConstantDuplicateMissingImbalanceAndLeakage() {
        DataQualityReport r = DataQualityChecker.check(table(), "label", Task.CLASSIFICATION);

        assertThat(r.constantColumns()).containsExactly("k");
        assertThat(r.duplicateRows()).isEqualTo(1);
        assertThat(r.missingByColumn()).containsEntry("m", 2L).containsEntry("id", 0L).hasSize(5);
        assertThat(r.classCounts()).containsExactly(
                org.assertj.core.api.Assertions.entry("a", 12L),
                org.assertj.core.api.Assertions.entry("b", 3L));
        assertThat(r.imbalanceRatio()).isEqualTo(4.0);
        assertThat(r.leakageColumns()).containsExactly("code");
        assertThat(r.issues()).extracting(QualityIssue::code).contains(
                QualityIssue.CONSTANT_COLUMN, QualityIssue.DUPLICATE_ROWS,
                QualityIssue.MISSING_VALUES, QualityIssue.CLASS_IMBALANCE,
                QualityIssue.TARGET_LEAKAGE);
        assertThat(r.issues()).filteredOn(i -> i.code().equals(QualityIssue.TARGET_LEAKAGE))
                .singleElement()
                .satisfies(i -> {
                    assertThat(i.column()).isEqualTo("code");
                    assertThat(i.severity()).isEqualTo(QualityIssue.ERROR);
                });
        assertThat(r.hasErrors()).isTrue();
    }

    @Test
    void balancedCleanTableHasNoIssues() {
        List<String[]> rows = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < 40; i++) {
            rows.add(new String[] {Double.toString(random.nextGaussian()), i % 2 == 0 ? "x" : "y"});
        }
        DataQualityReport r = DataQualityChecker.check(
                DataTable.fromRows(List.of("f", "label"), rows), "label", Task.CLASSIFICATION);

        assertThat(r.issues()).isEmpty();
        assertThat(r.imbalanceRatio()).isEqualTo(1.0);
    }

    @Test
    void findsRegressionLeakageByCorrelation() {
        List<String[]> rows = new ArrayList<>();
        Random random = new Random(2);
        for (int i = 0; i < 50; i++) {
            double y = random.nextGaussian() * 10;
            double scaled = 3 * y + 1 + random.nextGaussian() * 1e-3;
            double noise = random.nextGaussian();
            rows.add(new String[] {
                Double.toString(scaled), Double.toString(noise), Double.toString(y + noise),
                Double.toString(y)});
        }
        DataQualityReport r = DataQualityChecker.check(
                DataTable.fromRows(List.of("scaled", "noise", "related", "y"), rows), "y", Task.REGRESSION);

        // "related" correlates strongly (about 0.995) but below the 0.999 threshold
        assertThat(r.leakageColumns()).containsExactly("scaled");
        assertThat(r.classCounts()).isEmpty();
        assertThat(r.imbalanceRatio()).isNull();
    }
}
