package dev.hone.ml.compress;

import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.vocabulary.Activation;
import java.util.List;
import java.util.Random;

/** Networks trained once per test JVM on generated non-linear tasks, for the compression tests. */
final class TrainedNetworks {

    private TrainedNetworks() {}

    /**
     * A trained network, its training rows and labels, validation rows (early stopping: of the first training
     * and of fine-tuning), and test rows from the same distribution that nothing was chosen on.
     */
    record Task(TrainingResult result, DenseNetwork network, MlpConfig config, float[][] train, int[] trainClasses,
            float[] trainTargets, float[][] validation, int[] validationClasses, float[] validationTargets, float[][] test, int[] testClasses,
            float[] testTargets) {
    }

    static final int FEATURES = 12;
    static final int CLASSES = 4;

    private static Task classifier;
    private static Task regressor;

    /** Four classes from interactions of 12 Gaussian features; 64-64 ReLU network. */
    static synchronized Task classifier() {
        if (classifier == null) {
            Random random = new Random(11);
            float[][] train = rows(1200, random);
            float[][] validation = rows(300, random);
            float[][] test = rows(400, random);
            int[] yTrain = classes(train);
            int[] yValidation = classes(validation);
            MlpConfig cfg = new MlpConfig(List.of(64, 64), Activation.RELU, 0, 1e-4, 3e-3, null, 32, 30, 30, 1);
            TrainingResult r = MlpTrainer.trainClassifier(train, yTrain, validation, yValidation, CLASSES, cfg, null);
            try (MlpModel model = MlpModel.loadClassifier(r.parameters(), FEATURES, CLASSES, cfg)) {
                classifier = new Task(r, model.dense(), cfg, train, yTrain, null, validation, yValidation, null, test,
                        classes(test), null);
            }
        }
        return classifier;
    }

    /** A smooth non-linear target of 12 Gaussian features; 64-64 ReLU network. */
    static synchronized Task regressor() {
        if (regressor == null) {
            Random random = new Random(12);
            float[][] train = rows(1200, random);
            float[][] validation = rows(300, random);
            float[][] test = rows(400, random);
            MlpConfig cfg = new MlpConfig(List.of(64, 64), Activation.RELU, 0, 1e-4, 3e-3, null, 32, 30, 30, 2);
            TrainingResult r = MlpTrainer.trainRegressor(train, targets(train), validation, targets(validation), cfg,
                    null);
            try (MlpModel model = MlpModel.loadRegressor(r.parameters(), FEATURES, cfg)) {
                regressor = new Task(r, model.dense(), cfg, train, null, targets(train), validation, null,
                        targets(validation), test, null, targets(test));
            }
        }
        return regressor;
    }

    private static float[][] rows(int n, Random random) {
        float[][] x = new float[n][FEATURES];
        for (float[] row : x) {
            for (int j = 0; j < FEATURES; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    private static int[] classes(float[][] x) {
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            float[] r = x[i];
            y[i] = (r[0] * r[1] > 0 ? 2 : 0) + (r[2] + r[3] - r[4] > 0 ? 1 : 0);
        }
        return y;
    }

    private static float[] targets(float[][] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            float[] r = x[i];
            y[i] = (float) (Math.sin(r[0]) * 2 + r[1] * r[2] + 0.5 * r[3] * r[3] - r[4]);
        }
        return y;
    }
}
