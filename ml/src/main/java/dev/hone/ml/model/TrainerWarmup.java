package dev.hone.ml.model;

import dev.hone.vocabulary.Activation;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A short training on generated rows, run when a compute worker starts: it loads libtorch and lets the JIT
 * compile the trainer's path, which a cold JVM otherwise does inside the first run's training (a fresh process's
 * first epochs ran about twice as long as later ones; docs/benchmarks.md).
 */
public final class TrainerWarmup {

    private static final int ROWS = 512;
    private static final int FEATURES = 8;
    private static final int CLASSES = 3;

    private TrainerWarmup() {}

    /** Trains a small classifier and a small regressor (about 300 steps in all); returns how long it took. */
    public static Duration run() {
        long start = System.nanoTime();
        Random random = new Random(1);
        float[][] x = new float[ROWS][FEATURES];
        int[] y = new int[ROWS];
        float[] target = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            y[i] = random.nextInt(CLASSES);
            for (int j = 0; j < FEATURES; j++) {
                x[i][j] = y[i] + (float) random.nextGaussian();
            }
            target[i] = x[i][0] - x[i][1] + 0.1f * (float) random.nextGaussian();
        }
        int validation = ROWS / 8;
        float[][] xTrain = Arrays.copyOfRange(x, validation, ROWS);
        float[][] xVal = Arrays.copyOfRange(x, 0, validation);
        MlpConfig cfg = new MlpConfig(List.of(32, 32), Activation.RELU, 0.1, 1e-4, 1e-3, null, 32, 16, 16, 1);
        MlpTrainer.trainClassifier(xTrain, Arrays.copyOfRange(y, validation, ROWS), xVal,
                Arrays.copyOfRange(y, 0, validation), CLASSES, cfg, null);
        MlpTrainer.trainRegressor(xTrain, Arrays.copyOfRange(target, validation, ROWS), xVal,
                Arrays.copyOfRange(target, 0, validation), cfg.withEpochs(4), null);
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
