package dev.hone.tests;

import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The scale-out benchmark's baseline: the same training work as a study's trials, done by a plain
 * JVM with no Hone around it (no workflow service, database or HTTP). Run as one process or as two
 * at once, it shows what this machine's cores allow for two trainings in parallel.
 *
 * <p>Arguments: CSV path (header, integer label last), number of trainings, epochs. Prints the
 * elapsed milliseconds on the last line.
 */
public final class TrainingCeiling {

    private TrainingCeiling() {
    }

    public static void main(String[] args) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(args[0])));
        int trainings = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        lines.remove(0);
        Collections.shuffle(lines, new Random(42));
        int n = lines.size();
        int features = lines.get(0).split(",").length - 1;
        float[][] x = new float[n][features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i).split(",");
            for (int j = 0; j < features; j++) {
                x[i][j] = Float.parseFloat(cells[j]) / 16f;
            }
            y[i] = Integer.parseInt(cells[features]);
        }
        int trainRows = (int) (n * 0.7);
        int valRows = (int) (n * 0.15);
        float[][] xTrain = java.util.Arrays.copyOfRange(x, 0, trainRows);
        int[] yTrain = java.util.Arrays.copyOfRange(y, 0, trainRows);
        float[][] xVal = java.util.Arrays.copyOfRange(x, trainRows, trainRows + valRows);
        int[] yVal = java.util.Arrays.copyOfRange(y, trainRows, trainRows + valRows);
        MlpConfig d = MlpConfig.defaults(42);
        // Warm the JIT the way the benchmark warms its workers.
        train(xTrain, yTrain, xVal, yVal, d, 2, 10);
        long start = System.nanoTime();
        train(xTrain, yTrain, xVal, yVal, d, trainings, epochs);
        System.out.println((System.nanoTime() - start) / 1_000_000);
    }

    private static void train(float[][] xTrain, int[] yTrain, float[][] xVal, int[] yVal, MlpConfig d, int count,
            int epochs) {
        for (int i = 0; i < count; i++) {
            MlpConfig cfg = new MlpConfig(d.hiddenLayers(), d.activation(), d.dropout(), d.weightDecay(),
                    1e-3 * Math.pow(10, (i % 4) / 4.0), d.optimizer(), d.batchSize(), epochs, epochs, 42 + i);
            MlpTrainer.trainClassifier(xTrain, yTrain, xVal, yVal, 10, cfg, null);
        }
    }
}
