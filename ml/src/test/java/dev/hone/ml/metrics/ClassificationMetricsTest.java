package dev.hone.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reference values were computed with scikit-learn 1.2.1 (Debian python3-sklearn) from the same
 * float32 probabilities: accuracy_score, f1_score(average="macro"), log_loss,
 * roc_auc_score (binary on column 1; multi_class="ovr", average="macro") and confusion_matrix,
 * with predictions = argmax of the probabilities.
 */
class ClassificationMetricsTest {

    private static float[][] binary(float... positive) {
        float[][] p = new float[positive.length][];
        for (int i = 0; i < positive.length; i++) {
            p[i] = new float[] {1 - positive[i], positive[i]};
        }
        return p;
    }

    @Test
    void binaryWithTiedScoresMatchesScikitLearn() {
        int[] y = {0, 0, 1, 1, 0, 1, 1, 0, 1, 0};
        // 0.4 occurs for two negatives and one positive, 0.8 for two positives
        float[][] p = binary(0.1f, 0.4f, 0.35f, 0.8f, 0.4f, 0.8f, 0.6f, 0.2f, 0.4f, 0.7f);

        ClassificationMetrics m = ClassificationMetrics.compute(y, p, List.of("no", "yes"));

        assertThat(m.accuracy()).isCloseTo(0.7, within(1e-12));
        assertThat(m.macroF1()).isCloseTo(0.6969696969696968, within(1e-12));
        assertThat(m.logLoss()).isCloseTo(0.547735357872175, within(1e-6));
        assertThat(m.rocAuc()).isCloseTo(0.76, within(1e-12));
        assertThat(m.confusionMatrix()).isDeepEqualTo(new long[][] {{4, 1}, {2, 3}});
        assertThat(m.labels()).containsExactly("no", "yes");
    }

    @Test
    void binaryAucByHand() {
        // Positives score 0.35 and 0.8, negatives 0.1 and 0.4: of the 4 (positive, negative)
        // pairs, 3 are ordered correctly, so AUC = 0.75. A tie counts half: with the positive
        // at 0.4 as well, AUC = (3 + 0.5) / 4.
        int[] y = {0, 0, 1, 1};
        assertThat(ClassificationMetrics.compute(y, binary(0.1f, 0.4f, 0.35f, 0.8f), List.of("0", "1")).rocAuc())
                .isEqualTo(0.75);
        assertThat(ClassificationMetrics.compute(y, binary(0.1f, 0.4f, 0.4f, 0.8f), List.of("0", "1")).rocAuc())
                .isEqualTo(0.875);
    }

    @Test
    void multiclassMatchesScikitLearn() {
        int[] y = {0, 1, 2, 2, 1, 0, 2, 1, 0};
        float[][] p = {
            {0.7f, 0.2f, 0.1f}, {0.2f, 0.5f, 0.3f}, {0.1f, 0.3f, 0.6f},
            {0.3f, 0.4f, 0.3f}, {0.5f, 0.3f, 0.2f}, {0.6f, 0.3f, 0.1f},
            {0.2f, 0.2f, 0.6f}, {0.1f, 0.8f, 0.1f}, {0.3f, 0.3f, 0.4f}
        };

        ClassificationMetrics m = ClassificationMetrics.compute(y, p, List.of("a", "b", "c"));

        assertThat(m.accuracy()).isCloseTo(0.6666666666666666, within(1e-12));
        assertThat(m.macroF1()).isCloseTo(0.6666666666666666, within(1e-12));
        assertThat(m.logLoss()).isCloseTo(0.7130401027738338, within(1e-6));
        assertThat(m.rocAuc()).isCloseTo(0.898148148148148, within(1e-12));
        assertThat(m.confusionMatrix()).isDeepEqualTo(new long[][] {{2, 0, 1}, {1, 2, 0}, {0, 1, 2}});
    }

    @Test
    void clipsZeroProbabilityInLogLoss() {
        // The true class gets probability 0: clipped to 1e-15, so the loss is -ln(1e-15).
        ClassificationMetrics m = ClassificationMetrics.compute(
                new int[] {1}, new float[][] {{1f, 0f}}, List.of("a", "b"));

        assertThat(m.logLoss()).isCloseTo(34.538776394910684, within(1e-9));
        assertThat(m.accuracy()).isZero();
        assertThat(m.rocAuc()).isNull(); // one class only in the true labels
    }

    @Test
    void skipsClassAbsentFromTrueLabelsInOneVsRestAuc() {
        // Class c never occurs: OvR averages a and b only. Both rank perfectly: AUC 1.
        int[] y = {0, 0, 1, 1};
        float[][] p = {{0.8f, 0.1f, 0.1f}, {0.6f, 0.3f, 0.1f}, {0.2f, 0.7f, 0.1f}, {0.1f, 0.6f, 0.3f}};

        ClassificationMetrics m = ClassificationMetrics.compute(y, p, List.of("a", "b", "c"));

        assertThat(m.rocAuc()).isEqualTo(1.0);
        // F1 averages over a and b only (c is neither true nor predicted)
        assertThat(m.macroF1()).isEqualTo(1.0);
    }
}
