package dev.hone.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hone.vocabulary.Activation;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DenseNetworkTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void thePlainJavaForwardPassAgreesWithTheEngine(Activation activation) {
        Random random = new Random(41);
        float[][] x = Synthetic.gaussian(50, 5, random);
        int[] y = new int[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[i][0] + x[i][1] * x[i][2] > 0 ? 1 : x[i][3] > 0.5 ? 2 : 0;
        }
        MlpConfig cfg = new MlpConfig(List.of(16, 8), activation, 0, 0, 0.01, null, 16, 5, 5, 3);
        TrainingResult r = MlpTrainer.trainClassifier(x, y, x, y, 3, cfg, null);
        try (MlpModel model = MlpModel.loadClassifier(r.parameters(), 5, 3, cfg)) {
            DenseNetwork dense = model.dense();
            assertThat(dense.hiddenLayers()).containsExactly(16, 8);
            assertThat(dense.parameterCount()).isEqualTo(5 * 16 + 16 + 16 * 8 + 8 + 8 * 3 + 3);
            float[][] engine = model.predictRaw(x);
            float[][] java = dense.predict(x);
            for (int r0 = 0; r0 < x.length; r0++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(java[r0][c]).isCloseTo(engine[r0][c], within(2e-5f));
                }
            }
        }
    }

    @Test
    void aChangedNetworkGoesBackToTheEngineFormat() {
        Random random = new Random(42);
        float[][] x = Synthetic.gaussian(40, 3, random);
        float[] y = Synthetic.linearTarget(x, 0.1, random);
        MlpConfig cfg = new MlpConfig(List.of(6), Activation.RELU, 0, 0, 0.01, null, 8, 3, 3, 5);
        TrainingResult r = MlpTrainer.trainRegressor(x, y, x, y, cfg, null);
        DenseNetwork dense;
        try (MlpModel model = MlpModel.loadRegressor(r.parameters(), 3, cfg)) {
            dense = model.dense();
        }
        // drop hidden unit 2: its row in layer 0 and its column in layer 1
        DenseNetwork.Layer first = dense.layers().get(0);
        DenseNetwork.Layer last = dense.layers().get(1);
        float[] w0 = new float[5 * 3];
        float[] b0 = new float[5];
        float[] w1 = new float[5];
        for (int j = 0, k = 0; j < 6; j++) {
            if (j == 2) {
                continue;
            }
            System.arraycopy(first.weights(), j * 3, w0, k * 3, 3);
            b0[k] = first.bias()[j];
            w1[k] = last.weight(0, j);
            k++;
        }
        DenseNetwork smaller = new DenseNetwork(List.of(new DenseNetwork.Layer(3, 5, w0, b0),
                new DenseNetwork.Layer(5, 1, w1, last.bias())), Activation.RELU, false);

        byte[] parameters = MlpModel.parameters(smaller, cfg.withHiddenLayers(List.of(5)));
        try (MlpModel loaded = MlpModel.loadRegressor(parameters, 3, cfg.withHiddenLayers(List.of(5)))) {
            float[][] engine = loaded.predictRaw(x);
            float[][] java = smaller.predict(x);
            for (int i = 0; i < x.length; i++) {
                assertThat(engine[i][0]).isCloseTo(java[i][0], within(1e-5f));
            }
        }
        assertThatThrownBy(() -> MlpModel.parameters(smaller, cfg))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[6]").hasMessageContaining("[5]");
    }

    @Test
    void layersThatDoNotChainAreRefused() {
        var a = new DenseNetwork.Layer(2, 3, new float[6], new float[3]);
        var b = new DenseNetwork.Layer(4, 1, new float[4], new float[1]);
        assertThatThrownBy(() -> new DenseNetwork(List.of(a, b), Activation.RELU, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 1 takes 4 inputs");
        assertThatThrownBy(() -> new DenseNetwork.Layer(2, 3, new float[5], new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 6 weights");
    }

    @Test
    void erfMatchesKnownValues() {
        assertThat(DenseNetwork.erf(0)).isCloseTo(0, within(1e-7));
        assertThat(DenseNetwork.erf(0.5)).isCloseTo(0.5204998778, within(2e-7));
        assertThat(DenseNetwork.erf(-1.5)).isCloseTo(-0.9661051465, within(2e-7));
        assertThat(DenseNetwork.erf(3)).isCloseTo(0.9999779095, within(2e-7));
    }
}
