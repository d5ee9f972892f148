package dev.hone.activities.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.registry.TestDatabase;
import dev.hone.vocabulary.Activation;
import dev.hone.vocabulary.StudyCost;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A trial's second objective, measured on a trained network of 5 inputs, [32, 16] hidden units and 3 classes. A
 * Quarkus test like the module's others, so that DJL's natives load in the one class loader that already has them.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TrialCostTest {

    private static TrainingResult trained() {
        Random random = new Random(3);
        float[][] x = new float[60][5];
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 5; j++) {
                x[i][j] = (float) (y[i] + random.nextGaussian());
            }
        }
        MlpConfig cfg = new MlpConfig(List.of(32, 16), Activation.RELU, 0, 0, 0.01, null, 16, 2, 2, 1);
        return MlpTrainer.trainClassifier(x, y, x, y, 3, cfg, null);
    }

    @Test
    void sizeIsTheParameterCountAndInt8IsFasterThanTheFloatModelThroughTheEngine() {
        TrainingResult result = trained();

        assertThat(TrialActivitiesImpl.cost(StudyCost.SIZE, result, true))
                .isEqualTo(5 * 32 + 32 + 32 * 16 + 16 + 16 * 3 + 3);
        double float32 = TrialActivitiesImpl.cost(StudyCost.LATENCY, result, true);
        double int8 = TrialActivitiesImpl.cost(StudyCost.INT8_LATENCY, result, true);
        assertThat(int8).isPositive();
        // Measured at 17-27x on a quiet machine (docs/benchmarks.md); 2x leaves room for a busy one.
        assertThat(float32).as("float through the engine vs int8 in plain Java, microseconds")
                .isGreaterThan(2 * int8);
    }
}
