package dev.hone.tests;

import dev.hone.ml.compress.CompressionChoice;
import dev.hone.ml.compress.CompressionChoice.Measured;
import dev.hone.ml.compress.Distillation;
import dev.hone.ml.compress.Int8Network;
import dev.hone.ml.compress.Pruning;
import dev.hone.ml.data.DataFiles;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.RowSource;
import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.ModelDescriptor;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.preprocess.PreprocessingOptions;
import dev.hone.ml.preprocess.PreprocessingResult;
import dev.hone.ml.preprocess.Preprocessor;
import dev.hone.ml.servable.FloatMlpFormat;
import dev.hone.ml.servable.Int8MlpFormat;
import dev.hone.ml.servable.ServableArtifact;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.ServableModels;
import dev.hone.ml.servable.Speed;
import dev.hone.vocabulary.CompressionObjective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compression techniques on public data sets, measured in one run: for each set, Hone's default network
 * (trained on the 70% training split with early stopping on the 15% validation split, as a run does
 * before its refit), then int8 quantization, structured pruning with fine-tuning, distilled students and
 * their combinations. Every model is written to its artifact, read back through {@link ServableModels} (as
 * serving reads it: the float kinds through DJL, int8 in plain Java) and measured on the 15% test split:
 * metric, artifact bytes, median batch-1 latency and batch-64 throughput on this CPU, each against the float
 * parent in the same run. The chosen line is what {@link CompressionChoice} keeps on the validation split
 * with the default budget for each objective.
 *
 * <pre>
 * apt-get install -y python3-sklearn python3-pandas r-cran-mass r-cran-kernlab r-cran-modeldata
 * ./mvnw -B -q install -DskipTests
 * MAVEN_OPTS="--enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -Dai.djl.offline=true" \
 *   ./mvnw -B -q -pl tests org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
 *   -Dexec.mainClass=dev.hone.tests.CompressionBenchmark -Dexec.classpathScope=test
 * </pre>
 *
 * <p>{@code --sets} (wine,attrition,spam,hpc,concrete), {@code --seed} (1), {@code --calls} single-row
 * calls per latency measurement (20000).
 */
public final class CompressionBenchmark {

    private final int calls;

    private CompressionBenchmark(int calls) {
        this.calls = calls;
    }

    /** The training rows, validation rows and test rows of one set, transformed, with their labels. */
    private record Data(boolean classification, int classes, float[][] xTrain, int[] cTrain, float[] tTrain,
            float[][] xVal, int[] cVal, float[] tVal, float[][] xTest, int[] cTest, float[] tTest) {
    }

    /** A candidate: what it is, its stored form, and its weights and biases. */
    private record Candidate(String name, ServableArtifact artifact, long parameters) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Bench.root();
        List<String> names = QualityBenchmark.listArg(args, "--sets", List.of("wine", "attrition", "spam", "hpc",
                "concrete"));
        int seed = Bench.intArg(args, "--seed", 1);
        Path dir = Files.createTempDirectory("hone-compression").toAbsolutePath();
        System.out.printf(Locale.ROOT, "Compression: sets %s, seed %d, int8 kernel %s, %d cores, JDK %s; work folder "
                + "%s%n", names, seed, Int8Network.kernel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), dir);
        QualityBenchmark.exportData(root, dir);
        CompressionBenchmark bench = new CompressionBenchmark(Bench.intArg(args, "--calls", 20_000));
        for (String name : names) {
            QualityBenchmark.DataSet set = QualityBenchmark.SETS.stream().filter(s -> s.name().equals(name))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("Unknown set " + name));
            bench.run(set, load(dir.resolve(name + ".csv"), set, seed), seed);
        }
    }

    private static Data load(Path file, QualityBenchmark.DataSet set, int seed) throws Exception {
        List<String[]> rows = new ArrayList<>();
        List<String> columns;
        try (RowSource source = DataFiles.open(file, Long.MAX_VALUE)) {
            columns = source.columns();
            String[] row = new String[columns.size()];
            while (source.next(row)) {
                rows.add(row.clone());
            }
        }
        DataTable table = DataTable.fromRows(columns, rows);
        PreprocessingResult p = Preprocessor.run(table, PreprocessingOptions.defaults(set.target(), seed));
        FittedTransform t = p.transform();
        var split = p.split();
        if (set.classification()) {
            return new Data(true, t.classLabels().size(), t.transform(split.train()), t.encodeClasses(split.train()),
                    null, t.transform(split.validation()), t.encodeClasses(split.validation()), null,
                    t.transform(split.test()), t.encodeClasses(split.test()), null);
        }
        return new Data(false, 1, t.transform(split.train()), null, t.encodeRegressionTarget(split.train()),
                t.transform(split.validation()), null, t.encodeRegressionTarget(split.validation()),
                t.transform(split.test()), null, t.encodeRegressionTarget(split.test()));
    }

    private void run(QualityBenchmark.DataSet set, Data d, int seed) {
        System.out.printf(Locale.ROOT, "%n%s: %d training, %d validation, %d test rows, %d inputs%n", set.name(),
                d.xTrain().length, d.xVal().length, d.xTest().length, d.xTrain()[0].length);
        MlpConfig cfg = MlpConfig.defaults(seed);
        long start = System.nanoTime();
        TrainingResult parent = d.classification()
                ? MlpTrainer.trainClassifier(d.xTrain(), d.cTrain(), d.xVal(), d.cVal(), d.classes(), cfg, null)
                : MlpTrainer.trainRegressor(d.xTrain(), d.tTrain(), d.xVal(), d.tVal(), cfg, null);
        DenseNetwork teacher = dense(parent, d);
        // fine-tuning and students: at most 60 epochs each, stopped early on the validation split
        MlpConfig tune = new MlpConfig(cfg.hiddenLayers(), cfg.activation(), cfg.dropout(), cfg.weightDecay(),
                cfg.learningRate(), cfg.optimizer(), cfg.batchSize(), 60, 10, seed, parent.config().classWeights(),
                cfg.numericScaling(), 1);

        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate("float32 (parent)", FloatMlpFormat.write(parent, d.classification()),
                teacher.parameterCount()));
        candidates.add(int8("int8", teacher, parent, d));
        for (double share : new double[] {0.5, 0.8}) {
            TrainingResult[] last = new TrainingResult[1];
            Pruning.iterative(teacher, share, 3, true, (pruned, step) -> {
                last[0] = fineTune(pruned, d, tune.withHiddenLayers(pruned.hiddenLayers()));
                return dense(last[0], d);
            });
            String name = String.format(Locale.ROOT, "units -%d%%", Math.round(share * 100));
            candidates.add(new Candidate(name + " " + last[0].config().hiddenLayers(),
                    FloatMlpFormat.write(last[0], d.classification()), dense(last[0], d).parameterCount()));
            candidates.add(int8(name + ", int8", dense(last[0], d), last[0], d));
        }
        float[][] answers = teacher.predict(d.xTrain());
        for (List<Integer> widths : Distillation.students(cfg.hiddenLayers())) {
            TrainingResult student = distil(answers, d, tune.withHiddenLayers(widths));
            candidates.add(new Candidate("student " + widths, FloatMlpFormat.write(student, d.classification()),
                    dense(student, d).parameterCount()));
            candidates.add(int8("student " + widths + ", int8", dense(student, d), student, d));
        }
        System.out.printf(Locale.ROOT, "  (trained the parent and %d candidates in %.1f s)%n", candidates.size() - 1,
                (System.nanoTime() - start) / 1e9);
        report(candidates, d);
    }

    private void report(List<Candidate> candidates, Data d) {
        System.out.printf(Locale.ROOT, "  %-28s %8s %8s %7s %9s %8s %10s %7s %12s %7s%n", "model", "params", "bytes",
                "x smaller", d.classification() ? "test acc" : "test RMSE", "change", "batch-1 us", "x faster",
                "batch-64 r/s", "x");
        List<Measured> validation = new ArrayList<>();
        Measured parent = null;
        Measured parentTest = null;
        for (Candidate c : candidates) {
            try (ServableModel model = ServableModels.load(c.artifact())) {
                Speed speed = Speed.measure(model, d.xTest(), calls);
                Measured test = new Measured(c.name(), metric(model, d.xTest(), d.cTest(), d.tTest(), d),
                        c.artifact().content().length, c.parameters(), speed.batch1Micros(), speed.rowsPerSecond());
                Measured val = new Measured(c.name(), metric(model, d.xVal(), d.cVal(), d.tVal(), d),
                        test.bytes(), test.parameters(), test.batch1Micros(), test.rowsPerSecond());
                if (parent == null) {
                    parent = val;
                    parentTest = test;
                } else {
                    validation.add(val);
                }
                System.out.printf(Locale.ROOT, "  %-28s %8d %8d %7.2fx %9.4f %+8.4f %10.2f %7.2fx %,12.0f %6.2fx%n",
                        c.name(), c.parameters(), test.bytes(), (double) parentTest.bytes() / test.bytes(),
                        test.metric(), test.metric() - parentTest.metric(), test.batch1Micros(),
                        parentTest.batch1Micros() / test.batch1Micros(), test.rowsPerSecond(),
                        test.rowsPerSecond() / parentTest.rowsPerSecond());
            }
        }
        for (CompressionObjective objective : CompressionObjective.values()) {
            String chosen = CompressionChoice.choose(parent, validation, d.classification(),
                    CompressionChoice.Budget.DEFAULT, objective).map(Measured::name)
                    .orElse("none inside the budget: the parent stays");
            System.out.printf(Locale.ROOT, "  chosen for %-10s on validation (parent %.4f, default budget): %s%n",
                    objective, parent.metric(), chosen);
        }
        System.out.printf(Locale.ROOT, "  Pareto front on validation: %s%n", CompressionChoice.front(validation,
                d.classification()).stream().map(Measured::name).toList());
    }

    /** Accuracy, or the RMSE in standardized target units (ratios between models are what matter). */
    private static double metric(ServableModel model, float[][] x, int[] classes, float[] targets, Data d) {
        float[][] out = model.predict(x);
        if (d.classification()) {
            int correct = 0;
            for (int r = 0; r < out.length; r++) {
                int best = 0;
                for (int c = 1; c < out[r].length; c++) {
                    best = out[r][c] > out[r][best] ? c : best;
                }
                correct += best == classes[r] ? 1 : 0;
            }
            return (double) correct / out.length;
        }
        double sum = 0;
        for (int r = 0; r < out.length; r++) {
            sum += Math.pow(out[r][0] - targets[r], 2);
        }
        return Math.sqrt(sum / out.length);
    }

    private static Candidate int8(String name, DenseNetwork network, TrainingResult source, Data d) {
        Int8Network q = Int8Network.quantize(network, d.xTrain());
        return new Candidate(name, Int8MlpFormat.write(q, ModelDescriptor.of(source, d.classification())),
                network.parameterCount());
    }

    private static TrainingResult fineTune(DenseNetwork pruned, Data d, MlpConfig cfg) {
        return d.classification()
                ? MlpTrainer.fineTuneClassifier(pruned, d.xTrain(), d.cTrain(), d.xVal(), d.cVal(), cfg, null)
                : MlpTrainer.fineTuneRegressor(pruned, d.xTrain(), d.tTrain(), d.xVal(), d.tVal(), cfg, null);
    }

    private static TrainingResult distil(float[][] answers, Data d, MlpConfig cfg) {
        if (d.classification()) {
            return MlpTrainer.distilClassifier(answers, d.xTrain(), d.cTrain(), d.xVal(), d.cVal(), d.classes(),
                    Distillation.TEMPERATURE, Distillation.ALPHA, cfg, null);
        }
        return MlpTrainer.distilRegressor(column(answers), d.xTrain(), d.tTrain(), d.xVal(), d.tVal(),
                Distillation.ALPHA, cfg, null);
    }

    private static float[] column(float[][] answers) {
        float[] out = new float[answers.length];
        for (int r = 0; r < out.length; r++) {
            out[r] = answers[r][0];
        }
        return out;
    }

    private static DenseNetwork dense(TrainingResult r, Data d) {
        try (MlpModel model = MlpModel.load(r.parameters(), r.inputSize(), r.outputSize(), r.config(),
                d.classification())) {
            return model.dense();
        }
    }
}
