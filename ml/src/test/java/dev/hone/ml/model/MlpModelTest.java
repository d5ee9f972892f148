package dev.hone.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.vocabulary.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MlpModelTest {

    @Test
    void concurrentPredictionsMatchSequentialOnes() throws Exception {
        Random random = new Random(31);
        Synthetic.Blobs train = Synthetic.Blobs.generate(60, random);
        Synthetic.Blobs val = Synthetic.Blobs.generate(30, random);
        MlpConfig cfg = new MlpConfig(List.of(8), Activation.TANH, 0.5, 0, 0.01, null, 16, 3, 3, 1);
        TrainingResult r = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 3, cfg, null);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (MlpModel model = MlpModel.loadClassifier(r.parameters(), 2, 3, cfg)) {
            float[][] expected = model.predictRaw(val.x());
            // dropout is off: the same input gives the same output every time
            assertThat(model.predictRaw(val.x())).isDeepEqualTo(expected);
            List<Future<float[][]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> model.predictRaw(val.x())));
            }
            for (Future<float[][]> f : results) {
                assertThat(f.get()).isDeepEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsParametersOfAnotherShape() {
        Random random = new Random(32);
        Synthetic.Blobs train = Synthetic.Blobs.generate(60, random);
        MlpConfig cfg = new MlpConfig(List.of(8), Activation.RELU, 0, 0, 0.01, null, 16, 1, 1, 1);
        TrainingResult r = MlpTrainer.trainClassifier(train.x(), train.y(), train.x(), train.y(), 3, cfg, null);

        MlpConfig wider = new MlpConfig(List.of(8, 8), Activation.RELU, 0, 0, 0.01, null, 16, 1, 1, 1);
        assertThatThrownBy(() -> MlpModel.loadClassifier(r.parameters(), 2, 3, wider))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MlpModel.loadClassifier(r.parameters(), 5, 3, cfg))
                .isInstanceOf(IllegalArgumentException.class);
        try (MlpModel model = MlpModel.loadClassifier(r.parameters(), 2, 3, cfg)) {
            assertThatThrownBy(() -> model.predictRaw(new float[][] {{1, 2, 3}}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 2");
        }
    }
}
