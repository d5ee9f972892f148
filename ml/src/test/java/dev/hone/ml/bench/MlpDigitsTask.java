package dev.hone.ml.bench;

import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.tuning.CategoricalParameter;
import dev.hone.ml.tuning.FloatParameter;
import dev.hone.ml.tuning.IntParameter;
import dev.hone.ml.tuning.SearchSpace;
import dev.hone.vocabulary.Activation;
import dev.hone.vocabulary.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A real MLP tuning task for the sampler benchmark, as a table: the validation loss of an MLP on
 * scikit-learn's digits (1,797 8x8 images, 10 classes; 70% train, 15% validation, seeded shuffle,
 * pixels / 16) for every configuration of a grid, trained once each with Hone's trainer (20 epochs,
 * batch 32, ReLU, weight decay 1e-4, seed 7; the value is the best epoch's validation loss).
 *
 * <p>Samplers search a continuous space (learning rate log 1e-4..3e-2, layers 1..2, width log
 * 16..128, dropout 0..0.4, optimizer ADAM or SGD); a proposal is snapped to the nearest grid point
 * (in log scale for rate and width) and looked up. Tabular benchmarks like this (HPOBench, NAS-Bench)
 * make thousands of studies affordable and give Optuna, run in Python, the very same objective.
 *
 * <p>The table is in {@code ml/src/test/resources/bench/mlp-digits-table.csv}; rebuild it (about
 * 3 minutes on 2 cores) with
 * {@code ./mvnw -q -B -pl ml test-compile exec:java -Dexec.mainClass=dev.hone.ml.bench.MlpDigitsTask
 * -Dexec.classpathScope=test}.
 */
public final class MlpDigitsTask {

    static final double[] RATES = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2};
    static final int[] LAYERS = {1, 2};
    static final int[] WIDTHS = {16, 32, 64, 128};
    static final double[] DROPOUTS = {0, 0.2, 0.4};
    static final String[] OPTIMIZERS = {"ADAM", "SGD"};
    static final int EPOCHS = 20;

    private MlpDigitsTask() {
    }

    static Path tablePath() {
        Path fromRoot = Path.of("ml/src/test/resources/bench/mlp-digits-table.csv");
        return Files.exists(fromRoot.getParent()) ? fromRoot : Path.of("src/test/resources/bench/mlp-digits-table.csv");
    }

    static SearchSpace space() {
        return SearchSpace.of(
                FloatParameter.logUniform("learningRate", RATES[0], RATES[RATES.length - 1]),
                IntParameter.uniform("layers", 1, 2),
                IntParameter.logUniform("width", 16, 128),
                FloatParameter.uniform("dropout", 0, 0.4),
                CategoricalParameter.of("optimizer", OPTIMIZERS));
    }

    /** The table, keyed as {@link #key}. */
    static Map<String, Double> load(Path table) throws IOException {
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            values.put(key(Double.parseDouble(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2]),
                    Double.parseDouble(c[3]), c[4]), Double.parseDouble(c[5]));
        }
        int expected = RATES.length * LAYERS.length * WIDTHS.length * DROPOUTS.length * OPTIMIZERS.length;
        if (values.size() != expected) {
            throw new IllegalStateException(table + " has " + values.size() + " configurations, expected " + expected);
        }
        return values;
    }

    /** The table value at the grid point nearest to a proposal. */
    static double objective(Map<String, Double> table, Map<String, Object> p) {
        double rate = nearestLog(RATES, ((Number) p.get("learningRate")).doubleValue());
        int width = (int) nearestLog(Arrays.stream(WIDTHS).asDoubleStream().toArray(),
                ((Number) p.get("width")).doubleValue());
        double dropout = nearest(DROPOUTS, ((Number) p.get("dropout")).doubleValue());
        return table.get(key(rate, ((Number) p.get("layers")).intValue(), width, dropout, (String) p.get("optimizer")));
    }

    static String key(double rate, int layers, int width, double dropout, String optimizer) {
        return String.format(Locale.ROOT, "%g|%d|%d|%g|%s", rate, layers, width, dropout, optimizer);
    }

    private static double nearestLog(double[] grid, double v) {
        double best = grid[0];
        for (double g : grid) {
            if (Math.abs(Math.log(g) - Math.log(v)) < Math.abs(Math.log(best) - Math.log(v))) {
                best = g;
            }
        }
        return best;
    }

    private static double nearest(double[] grid, double v) {
        double best = grid[0];
        for (double g : grid) {
            if (Math.abs(g - v) < Math.abs(best - v)) {
                best = g;
            }
        }
        return best;
    }

    /** Trains every grid configuration and writes the table. */
    public static void main(String[] args) throws IOException {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Path csv = Files.exists(Path.of("ml/src/test/resources/datasets/digits.csv"))
                ? Path.of("ml/src/test/resources/datasets/digits.csv") : Path.of("src/test/resources/datasets/digits.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.remove(0);
        Collections.shuffle(lines, new Random(42));
        int n = lines.size();
        float[][] x = new float[n][64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            String[] c = lines.get(i).split(",");
            for (int j = 0; j < 64; j++) {
                x[i][j] = Float.parseFloat(c[j]) / 16f;
            }
            y[i] = Integer.parseInt(c[64]);
        }
        int train = (int) (n * 0.7);
        int val = (int) (n * 0.15);
        float[][] xTrain = Arrays.copyOfRange(x, 0, train);
        int[] yTrain = Arrays.copyOfRange(y, 0, train);
        float[][] xVal = Arrays.copyOfRange(x, train, train + val);
        int[] yVal = Arrays.copyOfRange(y, train, train + val);
        StringBuilder out = new StringBuilder("learningRate,layers,width,dropout,optimizer,validation_loss\n");
        long start = System.nanoTime();
        int done = 0;
        for (double rate : RATES) {
            for (int layers : LAYERS) {
                for (int width : WIDTHS) {
                    for (double dropout : DROPOUTS) {
                        for (String optimizer : OPTIMIZERS) {
                            List<Integer> hidden = layers == 1 ? List.of(width) : List.of(width, width);
                            MlpConfig cfg = new MlpConfig(hidden, Activation.RELU, dropout, 1e-4, rate,
                                    Optimizer.valueOf(optimizer), 32, EPOCHS, EPOCHS, 7);
                            TrainingResult r = MlpTrainer.trainClassifier(xTrain, yTrain, xVal, yVal, 10, cfg, null);
                            out.append(String.format(Locale.ROOT, "%g,%d,%d,%g,%s,%.6f%n", rate, layers, width,
                                    dropout, optimizer, r.best().validationLoss()));
                            done++;
                        }
                    }
                }
            }
            System.out.printf("%d configurations, %.0f s%n", done, (System.nanoTime() - start) / 1e9);
        }
        Files.createDirectories(tablePath().getParent());
        Files.writeString(tablePath(), out);
        System.out.println("wrote " + tablePath());
    }
}
