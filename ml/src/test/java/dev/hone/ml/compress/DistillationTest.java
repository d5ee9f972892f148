package dev.hone.ml.compress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistillationTest {

    @Test
    void studentsAreHalfAndQuarterWidthsAndOneQuarterLayer() {
        assertThat(Distillation.students(List.of(64, 64))).containsExactly(List.of(32, 32), List.of(16, 16),
                List.of(16));
        assertThat(Distillation.students(List.of(8))).containsExactly(List.of(4));
        assertThat(Distillation.students(List.of(4))).isEmpty();
        assertThat(Distillation.students(List.of())).isEmpty();
    }

    @Test
    void aQuarterWidthStudentLearnsTheTeachersAccuracy() {
        TrainedNetworks.Task task = TrainedNetworks.classifier();
        float[][] teacher = task.network().predict(task.train());
        MlpConfig cfg = task.config().withHiddenLayers(List.of(16, 16));
        TrainingResult student = MlpTrainer.distilClassifier(teacher, task.train(), task.trainClasses(),
                task.validation(), task.validationClasses(), TrainedNetworks.CLASSES, Distillation.TEMPERATURE,
                Distillation.ALPHA, cfg, null);
        DenseNetwork distilled;
        try (MlpModel model = MlpModel.loadClassifier(student.parameters(), TrainedNetworks.FEATURES,
                TrainedNetworks.CLASSES, cfg)) {
            distilled = model.dense();
        }
        assertThat(distilled.parameterCount()).isLessThan(task.network().parameterCount() / 8);
        assertThat(PruningTest.accuracy(distilled, task)).isGreaterThan(PruningTest.accuracy(task.network(), task)
                - 0.03);
    }

    @Test
    void aRegressionStudentFollowsTheTeacher() {
        TrainedNetworks.Task task = TrainedNetworks.regressor();
        float[][] answers = task.network().predict(task.train());
        float[] teacher = new float[answers.length];
        for (int r = 0; r < teacher.length; r++) {
            teacher[r] = answers[r][0];
        }
        MlpConfig cfg = task.config().withHiddenLayers(List.of(16, 16));
        TrainingResult student = MlpTrainer.distilRegressor(teacher, task.train(), task.trainTargets(),
                task.validation(), task.validationTargets(), Distillation.ALPHA, cfg, null);
        DenseNetwork distilled;
        try (MlpModel model = MlpModel.loadRegressor(student.parameters(), TrainedNetworks.FEATURES, cfg)) {
            distilled = model.dense();
        }
        assertThat(rmse(distilled, task)).isLessThan(1.15 * rmse(task.network(), task));
    }

    private static double rmse(DenseNetwork network, TrainedNetworks.Task task) {
        float[][] p = network.predict(task.test());
        double sum = 0;
        for (int r = 0; r < p.length; r++) {
            sum += Math.pow(p[r][0] - task.testTargets()[r], 2);
        }
        return Math.sqrt(sum / p.length);
    }
}
