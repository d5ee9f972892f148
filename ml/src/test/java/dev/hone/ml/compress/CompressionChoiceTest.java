package dev.hone.ml.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.ml.compress.CompressionChoice.Budget;
import dev.hone.ml.compress.CompressionChoice.Measured;
import dev.hone.vocabulary.CompressionObjective;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompressionChoiceTest {

    private static final Measured PARENT = new Measured("float", 0.900, 28_000, 7_000, 20, 200_000);
    private static final Measured INT8 = new Measured("int8", 0.895, 7_500, 7_000, 2, 900_000);
    private static final Measured PRUNED = new Measured("units 80%", 0.893, 1_400, 350, 12, 700_000);
    private static final Measured STUDENT_INT8 = new Measured("student int8", 0.880, 900, 900, 1, 2_000_000);
    private static final Measured WORSE_EVERYWHERE = new Measured("half", 0.885, 8_000, 3_500, 3, 800_000);

    @Test
    void theBestOnTheObjectiveInsideTheBudgetIsChosen() {
        List<Measured> all = List.of(INT8, PRUNED, STUDENT_INT8);
        assertThat(CompressionChoice.choose(PARENT, all, true, Budget.DEFAULT, CompressionObjective.SIZE))
                .contains(PRUNED); // the student is smaller but 2 points down
        assertThat(CompressionChoice.choose(PARENT, all, true, Budget.DEFAULT, CompressionObjective.LATENCY))
                .contains(INT8);
        assertThat(CompressionChoice.choose(PARENT, all, true, new Budget(2.5, 0.02), CompressionObjective.SIZE))
                .contains(STUDENT_INT8);
        assertThat(CompressionChoice.choose(PARENT, List.of(STUDENT_INT8), true, Budget.DEFAULT,
                CompressionObjective.THROUGHPUT)).isEmpty();
    }

    @Test
    void aCandidateThatDoesNotBeatTheParentOnTheObjectiveIsNotChosenAndTheReasonSaysSo() {
        // int8 of a network that fits the caches: a quarter of the size, a little slower than the float parent
        Measured slowerInt8 = new Measured("int8", 0.900, 7_000, 7_000, 0.66, 2_500_000);
        Measured parent = new Measured("float", 0.900, 28_000, 7_000, 0.57, 3_300_000);
        assertThat(CompressionChoice.choose(parent, List.of(slowerInt8), true, Budget.DEFAULT,
                CompressionObjective.SIZE)).contains(slowerInt8);
        for (CompressionObjective speed : List.of(CompressionObjective.LATENCY, CompressionObjective.THROUGHPUT)) {
            assertThat(CompressionChoice.choose(parent, List.of(slowerInt8), true, Budget.DEFAULT, speed))
                    .as("%s", speed).isEmpty();
        }
        assertThat(dev.hone.ml.report.CompressionReport.reason(parent, List.of(slowerInt8), null, true, Budget.DEFAULT,
                CompressionObjective.LATENCY)).isEqualTo("1 of 1 candidates are inside the budget (accuracy at least "
                        + "0.8900 (parent 0.9000 less 1 points)), but none beats the uncompressed model on LATENCY: the "
                        + "best of them, int8, takes 0.66 us for one row against 0.57. The version serves the "
                        + "uncompressed model.");
    }

    @Test
    void regressionBudgetsAreAShareOfTheParentsRmse() {
        Measured parent = new Measured("float", 10.0, 28_000, 7_000, 20, 200_000);
        Measured inside = new Measured("int8", 10.2, 7_000, 7_000, 2, 900_000);
        Measured outside = new Measured("student", 10.21, 900, 900, 1, 2_000_000);
        assertThat(CompressionChoice.choose(parent, List.of(inside, outside), false, Budget.DEFAULT,
                CompressionObjective.SIZE)).contains(inside);
    }

    @Test
    void theFrontKeepsWhatNothingBeatsEverywhere() {
        List<Measured> all = List.of(PARENT, INT8, PRUNED, STUDENT_INT8, WORSE_EVERYWHERE);
        // WORSE_EVERYWHERE is beaten by int8 on every measure; the others each lead somewhere
        assertThat(CompressionChoice.front(all, true)).containsExactly(PARENT, INT8, PRUNED, STUDENT_INT8);
    }

    @Test
    void impossibleBudgetsAreRefused() {
        assertThatThrownBy(() -> new Budget(-1, 0.02)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0-100 points");
        assertThatThrownBy(() -> new Budget(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
