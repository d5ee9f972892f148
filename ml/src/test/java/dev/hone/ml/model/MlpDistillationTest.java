package dev.hone.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MlpDistillationTest {

    @Test
    void softeningIsTheTeachersSoftmaxAtTheTemperature() {
        float[] p = {0.7f, 0.2f, 0.1f};
        assertThat(MlpTrainer.soften(p, 1)).containsExactly(p, within(1e-6f));
        // T = 2: square roots, normalized
        double sum = Math.sqrt(0.7) + Math.sqrt(0.2) + Math.sqrt(0.1);
        assertThat(MlpTrainer.soften(p, 2)).containsExactly(new float[] {(float) (Math.sqrt(0.7) / sum),
                (float) (Math.sqrt(0.2) / sum), (float) (Math.sqrt(0.1) / sum)}, within(1e-6f));
        // a certain teacher stays finite and nearly certain
        assertThat(MlpTrainer.soften(new float[] {1f, 0f}, 4)[1]).isGreaterThan(0f).isLessThan(1e-2f);
    }

    @Test
    void distillationSettingsThatMeanNothingAreRefused() {
        float[][] x = {{1}, {2}};
        int[] y = {0, 1};
        float[][] teacher = {{0.9f, 0.1f}, {0.2f, 0.8f}};
        MlpConfig cfg = new MlpConfig(List.of(4), dev.hone.vocabulary.Activation.RELU, 0, 0, 0.01, null, 2, 1, 1, 1);
        assertThatThrownBy(() -> MlpTrainer.distilClassifier(teacher, x, y, x, y, 2, 0.5, 0.5, cfg, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature must be at least 1");
        assertThatThrownBy(() -> MlpTrainer.distilClassifier(teacher, x, y, x, y, 2, 2, 1.5, cfg, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha must be in [0, 1]");
        assertThatThrownBy(() -> MlpTrainer.distilClassifier(new float[][] {{1, 0}}, x, y, x, y, 2, 2, 0.5, cfg, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teacher answered 1 rows");
        assertThatThrownBy(() -> MlpTrainer.distilClassifier(new float[][] {{1, 0, 0}, {0, 1, 0}}, x, y, x, y, 2, 2,
                0.5, cfg, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 probabilities");
    }
}
