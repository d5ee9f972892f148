package dev.hone.ml.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpModel;
import dev.hone.vocabulary.Activation;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FloatNetworkTest {

    @Test
    void aTrainedClassifierGivesTheEnginesProbabilities() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        FloatNetwork vector = FloatNetwork.of(task.network());
        float[][] java = vector.predict(task.test());
        try (MlpModel engine = MlpModel.loadClassifier(task.result().parameters(), TrainedNetworks.FEATURES,
                TrainedNetworks.CLASSES, task.config())) {
            float[][] djl = engine.predictRaw(task.test());
            for (int r = 0; r < djl.length; r++) {
                assertThat(java[r]).as("row %d", r).containsExactly(djl[r], within(1e-5f));
            }
        }
    }

    @Test
    void aTrainedRegressorGivesTheEnginesValues() {
        TrainedNetworks.Task task = TrainedNetworks.regressor();
        float[][] java = FloatNetwork.of(task.network()).predict(task.test());
        try (MlpModel engine = MlpModel.loadRegressor(task.result().parameters(), TrainedNetworks.FEATURES,
                task.config())) {
            float[][] djl = engine.predictRaw(task.test());
            for (int r = 0; r < djl.length; r++) {
                assertThat(java[r][0]).as("row %d", r).isCloseTo(djl[r][0], within(1e-4f));
            }
        }
    }

    @Test
    void aRowGetsTheSameAnswerAloneAsInABatch() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        FloatNetwork vector = FloatNetwork.of(task.network());
        float[][] rows = Arrays.copyOf(task.test(), 67); // 33 pairs of rows and one left over
        float[][] batch = vector.predict(rows);
        for (int r = 0; r < rows.length; r++) {
            // one order of sums for every row (DenseKernel), so the same bits, not merely close ones
            assertThat(vector.predict(new float[][] {rows[r]})[0]).as("row %d", r).containsExactly(batch[r]);
        }
    }

    @Test
    void aKnownNetworkGivesItsHandComputedOutput() {
        // 2 inputs -> 3 tanh units -> 1 output; widths below one vector of lanes exercise the padding
        DenseNetwork net = new DenseNetwork(List.of(
                new DenseNetwork.Layer(2, 3, new float[] {1, 0, 0, 1, 1, -1}, new float[] {0, 0.5f, 0}),
                new DenseNetwork.Layer(3, 1, new float[] {1, 2, 3}, new float[] {-1})), Activation.TANH, false);
        float x0 = 0.3f;
        float x1 = -0.7f;
        double expected = -1 + Math.tanh(x0) + 2 * Math.tanh(x1 + 0.5) + 3 * Math.tanh(x0 - x1);
        assertThat(FloatNetwork.of(net).predict(new float[][] {{x0, x1}})[0][0]).isCloseTo((float) expected,
                within(1e-6f));
        assertThat(FloatNetwork.of(net).predict(new float[0][])).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void paddedUnitsAddNothingWhateverTheActivationMakesOfZero(Activation activation) {
        // sigmoid(0) = 0.5 in the padding of a 3-unit layer: the next layer's zero weights must drop it
        Random random = new Random(5);
        DenseNetwork net = new DenseNetwork(List.of(
                new DenseNetwork.Layer(4, 3, gaussian(12, random), gaussian(3, random)),
                new DenseNetwork.Layer(3, 17, gaussian(51, random), gaussian(17, random)),
                new DenseNetwork.Layer(17, 2, gaussian(34, random), gaussian(2, random))), activation, true);
        float[][] rows = {gaussian(4, random), gaussian(4, random), gaussian(4, random), gaussian(4, random),
            gaussian(4, random)};
        float[][] reference = net.predict(rows);
        float[][] vector = FloatNetwork.of(net).predict(rows);
        for (int r = 0; r < rows.length; r++) {
            assertThat(vector[r]).as("row %d", r).containsExactly(reference[r], within(1e-6f));
        }
    }

    private static float[] gaussian(int n, Random random) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    @Test
    void aRowOfTheWrongWidthIsRefusedNamingIt() {
        FloatNetwork vector = FloatNetwork.of(TrainedNetworks.classifier().network());
        assertThatThrownBy(() -> vector.predict(new float[][] {new float[TrainedNetworks.FEATURES], new float[3]}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Row 1 has 3 features; the model takes " + TrainedNetworks.FEATURES);
    }
}
