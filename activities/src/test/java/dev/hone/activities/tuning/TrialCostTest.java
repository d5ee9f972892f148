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
 * A trial's second objective, measured on trained networks of 5 inputs and 3 classes. A Quarkus test like the
 * module's others, so that DJL's natives load in the one class loader that already has them.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class TrialCostTest {

    private static TrainingResult trained(List<Integer> hidden) {
        Random random = new Random(3);
        float[][] x = new float[60][5];
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 5; j++) {
                x[i][j] = (float) (y[i] + random.nextGaussian());
            }
        }
        MlpConfig cfg = new MlpConfig(hidden, Activation.RELU, 0, 0, 0.01, null, 16, 2, 2, 1);
        return MlpTrainer.trainClassifier(x, y, x, y, 3, cfg, null);
    }

    @Test
    void sizeIsTheParameterCount() {
        assertThat(TrialActivitiesImpl.cost(StudyCost.SIZE, trained(List.of(32, 16)), true))
                .isEqualTo(5 * 32 + 32 + 32 * 16 + 16 + 16 * 3 + 3);
    }

    @Test
    void latencyTellsAWideNetworkFromANarrowOneAsServedAndInInt8() {
        TrainingResult narrow = trained(List.of(4));
        TrainingResult wide = trained(List.of(256, 256));
        for (StudyCost cost : new StudyCost[] {StudyCost.LATENCY, StudyCost.INT8_LATENCY}) {
            double fast = TrialActivitiesImpl.cost(cost, narrow, true);
            double slow = TrialActivitiesImpl.cost(cost, wide, true);
            assertThat(fast).as("%s of [4], microseconds", cost).isPositive().isFinite();
            // 2,000 times the multiplies; measured at 20-40 times the time, so 3x leaves room for a busy machine
            assertThat(slow).as("%s of [256, 256] against [4]", cost).isGreaterThan(3 * fast);
        }
    }
}
