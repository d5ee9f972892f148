package dev.hone.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.vocabulary.Activation;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainerWarmupTest {

    @Test
    void aWarmUpBetweenTwoSeededTrainingsChangesNothingInTheSecond() {
        Random random = new Random(31);
        Synthetic.Blobs train = Synthetic.Blobs.generate(200, random);
        Synthetic.Blobs val = Synthetic.Blobs.generate(60, random);
        MlpConfig cfg = new MlpConfig(List.of(16), Activation.RELU, 0.1, 1e-4, 0.01, null, 32, 5, 5, 7);

        TrainingResult before = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 3, cfg, null);
        assertThat(TrainerWarmup.run()).isPositive();
        TrainingResult after = MlpTrainer.trainClassifier(train.x(), train.y(), val.x(), val.y(), 3, cfg, null);

        // The engine's seed and the trainer's state are the training's own: the warm-up leaves no trace.
        assertThat(after.parameters()).isEqualTo(before.parameters());
        assertThat(after.history()).isEqualTo(before.history().stream()
                .map(m -> new EpochMetrics(m.epoch(), m.trainLoss(), m.validationLoss(), m.validationMetric(),
                        after.history().get(m.epoch() - 1).millis()))
                .toList());
    }
}
