package dev.hone.tests;

import dev.hone.ml.data.DataTable;
import dev.hone.ml.metrics.ClassificationMetrics;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.preprocess.PreprocessingOptions;
import dev.hone.ml.preprocess.PreprocessingResult;
import dev.hone.ml.preprocess.Preprocessor;
import dev.hone.ml.report.EvaluationReport;
import dev.hone.ml.report.PassportReport;
import dev.hone.ml.servable.FloatMlpFormat;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.ServableModels;
import dev.hone.ml.validation.Networks;
import dev.hone.ml.validation.Passport;
import dev.hone.vocabulary.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How long the validation stage's parts take beside the training they validate, on a 20,000-row, 16-column data
 * set (modeldata's {@code sim_classification(20000)}: two classes, 15 inputs, two of them categorical, drawn with
 * R's seed 1) and on the 4,454-row credit set the API tests use. Trains the default model (as a run without a
 * study does, first pass only: the stage's refit on training + validation rows adds to training, so the ratio
 * printed is the stage's worst case), then computes each part of the passport on the model served in Java, as the
 * stage's activities do, one after another on one thread, and prints the seconds of each and their sum against
 * training's.
 *
 * <pre>
 * apt-get install -y r-cran-modeldata
 * ./mvnw -B -q install -DskipTests
 * MAVEN_OPTS="--enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -Dai.djl.offline=true" \
 *   ./mvnw -B -q -pl tests org.codehaus.mojo:exec-maven-plugin:3.5.1:java \
 *   -Dexec.mainClass=dev.hone.tests.ValidationStageBenchmark -Dexec.classpathScope=test -Dexec.args="--seed 1"
 * </pre>
 */
public final class ValidationStageBenchmark {

    private static final String EXPORT = """
            args <- commandArgs(trailingOnly = TRUE)
            library(modeldata)
            set.seed(1)
            write.csv(sim_classification(20000), file.path(args[1], "sim20k.csv"), row.names = FALSE)
            """;

    private ValidationStageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seed = Bench.intArg(args, "--seed", 1);
        Path dir = Files.createTempDirectory("hone-validation").toAbsolutePath();
        Path script = dir.resolve("sim.R");
        Files.writeString(script, EXPORT);
        QualityBenchmark.exec(List.of("Rscript", script.toString(), dir.toString()),
                "exporting sim_classification (apt-get install r-cran-modeldata)");
        System.out.printf(Locale.ROOT, "Validation stage against training: seed %d, %d cores, JDK %s%n", seed,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        run("sim_classification(20000)", dir.resolve("sim20k.csv"), "class", seed);
        run("credit (modeldata credit_data)", Bench.root().resolve("api/src/test/resources/datasets/credit.csv"),
                "Status", seed);
    }

    private static void run(String name, Path file, String target, int seed) throws Exception {
        DataTable table = CompressionBenchmark.table(file);
        PreprocessingResult p = Preprocessor.run(table, PreprocessingOptions.defaults(target, seed));
        FittedTransform t = p.transform();
        var split = p.split();
        float[][] xTrain = t.transform(split.train());
        int[] yTrain = t.encodeClasses(split.train());
        float[][] xVal = t.transform(split.validation());
        int[] yVal = t.encodeClasses(split.validation());
        System.out.printf(Locale.ROOT, "%n%s: %d rows, %d columns (%d inputs after the transform); %d training, %d "
                + "validation, %d test rows%n", name, table.rowCount(), table.columns().size(), t.featureCount(), xTrain.length,
                xVal.length, split.test().rowCount());

        long start = System.nanoTime();
        TrainingResult trained = MlpTrainer.trainClassifier(xTrain, yTrain, xVal, yVal, t.classLabels().size(),
                MlpConfig.defaults(seed), null);
        double training = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "  training (default settings, %d epochs, first pass only): %.1f s%n",
                trained.history().size(), training);

        var artifact = FloatMlpFormat.write(trained, true);
        try (ServableModel model = ServableModels.load(artifact)) {
            Passport.Inputs in = new Passport.Inputs(t, model::predict, new Networks(ServableModels.networksOf(model)),
                    split.train(), split.validation(), split.test(), seed, () -> { });
            int[] truth = t.encodeClasses(split.test());
            ClassificationMetrics m = ClassificationMetrics.compute(truth, model.predict(t.transform(split.test())),
                    t.classLabels());
            EvaluationReport evaluation = new EvaluationReport(Task.CLASSIFICATION, Map.of("accuracy", m.accuracy()),
                    m.labels(), m.confusionMatrix(), truth.length, Map.of(), 0.95, 0, null);
            double total = 0;
            PassportReport passport = null;
            for (var part : List.<Map.Entry<String, Supplier<PassportReport>>>of(
                    Map.entry("performance", () -> Passport.performance(in, evaluation)),
                    Map.entry("explanations", () -> Passport.explanations(in, Passport.Sizes.DEFAULT)),
                    Map.entry("robustness", () -> Passport.robustness(in, Passport.Sizes.DEFAULT)),
                    Map.entry("data", () -> Passport.data(in, List.of(), null)))) {
                long s = System.nanoTime();
                PassportReport measured = part.getValue().get();
                double seconds = (System.nanoTime() - s) / 1e9;
                total += seconds;
                passport = passport == null ? measured : passport.merge(measured);
                System.out.printf(Locale.ROOT, "  %-13s %6.2f s%n", part.getKey(), seconds);
            }
            System.out.printf(Locale.ROOT, "  all parts     %6.2f s = %.2fx training (one after another on one thread; "
                    + "on four compute workers the stage takes its longest part)%n", total, total / training);
            System.out.printf(Locale.ROOT, "  samples: %s; test accuracy %.4f; PGD halves it at L-inf epsilon %s%n",
                    passport.samples(), m.accuracy(), passport.robustness().halvingEpsilon());
        }
    }
}
