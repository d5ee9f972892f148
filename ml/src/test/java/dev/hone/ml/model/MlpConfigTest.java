package dev.hone.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.vocabulary.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlpConfigTest {

    private static final MlpConfig OK = MlpConfig.defaults(1);

    private static MlpConfig with(List<Integer> layers, double dropout, double weightDecay,
            double learningRate, int batchSize, int maxEpochs, int patience) {
        return new MlpConfig(layers, Activation.RELU, dropout, weightDecay, learningRate, null, batchSize,
                maxEpochs, patience, 1);
    }

    @Test
    void defaultsAreValid() {
        assertThat(OK.validate()).isSameAs(OK);
        assertThat(OK.hiddenLayers()).containsExactly(64, 64);
        assertThat(OK.learningRate()).isEqualTo(3e-3);
        assertThat(with(List.of(), 0, 0, 0.1, 1, 1, 1).validate().hiddenLayers()).isEmpty();
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        assertThatThrownBy(() -> with(List.of(8, 0), 0.1, 0, 1e-3, 32, 10, 2).validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("hiddenLayers");
        assertThatThrownBy(() -> with(List.of(8), 1.0, 0, 1e-3, 32, 10, 2).validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("dropout");
        assertThatThrownBy(() -> with(List.of(8), -0.1, 0, 1e-3, 32, 10, 2).validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("dropout");
        assertThatThrownBy(() -> with(List.of(8), 0.1, -1e-4, 1e-3, 32, 10, 2).validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("weightDecay");
        assertThatThrownBy(() -> with(List.of(8), 0.1, 0, 0, 32, 10, 2).validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("learningRate");
        assertThatThrownBy(() -> with(List.of(8), 0.1, 0, 1e-3, 0, 10, 2).validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("batchSize");
        assertThatThrownBy(() -> with(List.of(8), 0.1, 0, 1e-3, 32, 0, 2).validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxEpochs");
        assertThatThrownBy(() -> with(List.of(8), 0.1, 0, 1e-3, 32, 10, 0).validate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("patience");
    }
}
