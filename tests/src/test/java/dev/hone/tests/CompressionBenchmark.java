package dev.hone.tests;

import dev.hone.ml.compress.CompressionChoice;
import dev.hone.ml.compress.CompressionChoice.Measured;
import dev.hone.ml.compress.Int8Network;
import dev.hone.ml.compress.search.CompressionSearch;
import dev.hone.ml.compress.search.CompressionSearch.Candidate;
import dev.hone.ml.data.DataFiles;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.RowSource;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingListener;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.preprocess.PreprocessingOptions;
import dev.hone.ml.preprocess.PreprocessingResult;
import dev.hone.ml.preprocess.Preprocessor;
import dev.hone.ml.servable.FloatMlpFormat;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.Speed;
import dev.hone.vocabulary.CompressionObjective;
import dev.hone.vocabulary.CompressionTechnique;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Compression techniques on public data sets, measured in one run: for each set, Hone's default network
 * (trained on the 70% training split with early stopping on the 15% validation split, as a run does
 * before its refit), then int8 quantization, structured pruning with fine-tuning, distilled students and
 * their combinations. Every model is written to its artifact, read back through {@link ServableModels} (as
 * serving reads it: every kind in plain Java with the Vector API) and measured on the 15% test split:
 * metric, artifact bytes, median batch-1 latency and batch-64 throughput on this CPU, each against the float
 * parent in the same run; the parent also through DJL's forward, for reference (how float models were served
 * before the Java path). The chosen line is what {@link CompressionChoice} keeps on the validation split
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
 * <p>{@code --sets} (wine,attrition,spam,hpc,concrete; also {@code movielens}, which needs
 * {@code apt-get install -y r-cran-dslabs}), {@code --seed} (1), {@code --calls} single-row calls per latency
 * measurement (20000).
 */
public final class CompressionBenchmark {

    private final int calls;

    private CompressionBenchmark(int calls) {
        this.calls = calls;
    }

    /** The training rows, validation rows and test rows of one set, transformed, with their labels. */
    record Data(boolean classification, int classes, float[][] xTrain, int[] cTrain, float[] tTrain,
            float[][] xVal, int[] cVal, float[] tVal, float[][] xTest, int[] cTest, float[] tTest,
            FittedTransform transform) {

        /** Training and validation rows, as the search uses them. */
        CompressionSearch.Data validation() {
            return new CompressionSearch.Data(classification, classes, xTrain, cTrain, tTrain, xVal, cVal, tVal);
        }

        /** The same with the test rows in the validation rows' place: what the report measures on. */
        CompressionSearch.Data test() {
            return new CompressionSearch.Data(classification, classes, xTrain, cTrain, tTrain, xTest, cTest, tTest);
        }
    }


    /** At least 20,000 rows and 10 classes: a sample of the MovieLens ratings, each rating one class. */
    static final QualityBenchmark.DataSet MOVIELENS = new QualityBenchmark.DataSet("movielens", "rating", true,
            "dslabs movielens: 30,000 of 100,004 ratings, 10 classes (0.5 to 5 stars), user and movie ids, year, "
                    + "time, 19 genre flags");

    /** Writes movielens.csv into the folder given: 30,000 rows drawn with R's seed 1. */
    private static final String MOVIELENS_EXPORT = """
            args <- commandArgs(trailingOnly = TRUE)
            data(movielens, package = "dslabs")
            set.seed(1)
            m <- movielens[sample(nrow(movielens), 30000), ]
            genres <- c("Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
                "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War",
                "Western")
            out <- data.frame(userId = m$userId, movieId = m$movieId, year = m$year, timestamp = m$timestamp)
            for (g in genres) out[[gsub("-", "_", g)]] <- as.integer(grepl(g, as.character(m$genres), fixed = TRUE))
            out$rating <- paste0("r", format(m$rating, nsmall = 1))
            write.csv(out, file.path(args[1], "movielens.csv"), row.names = FALSE)
            """;

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
        if (names.contains(MOVIELENS.name())) {
            Path script = dir.resolve("movielens.R");
            Files.writeString(script, MOVIELENS_EXPORT);
            QualityBenchmark.exec(List.of("Rscript", script.toString(), dir.toString()),
                    "exporting movielens (apt-get install r-cran-dslabs)");
        }
        CompressionBenchmark bench = new CompressionBenchmark(Bench.intArg(args, "--calls", 20_000));
        for (String name : names) {
            QualityBenchmark.DataSet set = java.util.stream.Stream.concat(QualityBenchmark.SETS.stream(),
                    java.util.stream.Stream.of(MOVIELENS)).filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown set " + name));
            bench.run(set, load(dir.resolve(name + ".csv"), set, seed), seed);
        }
    }

    /** A set's CSV preprocessed as a run does (70/15/15 split for its seed). */
    static Data load(Path file, QualityBenchmark.DataSet set, int seed) throws Exception {
        DataTable table = table(file);
        PreprocessingResult p = Preprocessor.run(table, PreprocessingOptions.defaults(set.target(), seed));
        FittedTransform t = p.transform();
        var split = p.split();
        if (set.classification()) {
            return new Data(true, t.classLabels().size(), t.transform(split.train()), t.encodeClasses(split.train()),
                    null, t.transform(split.validation()), t.encodeClasses(split.validation()), null,
                    t.transform(split.test()), t.encodeClasses(split.test()), null, t);
        }
        return new Data(false, 1, t.transform(split.train()), null, t.encodeRegressionTarget(split.train()),
                t.transform(split.validation()), null, t.encodeRegressionTarget(split.validation()),
                t.transform(split.test()), null, t.encodeRegressionTarget(split.test()), t);
    }

    /** A CSV file as a table, its columns' types inferred as an upload's are. */
    static DataTable table(Path file) throws Exception {
        List<String[]> rows = new ArrayList<>();
        List<String> columns;
        try (RowSource source = DataFiles.open(file, Long.MAX_VALUE)) {
            columns = source.columns();
            String[] row = new String[columns.size()];
            while (source.next(row)) {
                rows.add(row.clone());
            }
        }
        return DataTable.fromRows(columns, rows);
    }

    private void run(QualityBenchmark.DataSet set, Data d, int seed) {
        System.out.printf(Locale.ROOT, "%n%s: %d training, %d validation, %d test rows, %d inputs%n", set.name(),
                d.xTrain().length, d.xVal().length, d.xTest().length, d.xTrain()[0].length);
        MlpConfig cfg = MlpConfig.defaults(seed);
        long start = System.nanoTime();
        TrainingResult parent = d.classification()
                ? MlpTrainer.trainClassifier(d.xTrain(), d.cTrain(), d.xVal(), d.cVal(), d.classes(), cfg, null)
                : MlpTrainer.trainRegressor(d.xTrain(), d.tTrain(), d.xVal(), d.tVal(), cfg, null);
        // fine-tuning and students: at most 60 epochs each, stopped early on the validation split
        MlpConfig tune = CompressionSearch.tuneConfig(parent.config(), seed);
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate("float32 (parent)", List.of(), FloatMlpFormat.write(parent, d.classification()),
                CompressionSearch.dense(parent, d.classification()).parameterCount()));
        candidates.addAll(CompressionSearch.candidates(CompressionSearch.Parent.of(parent, d.classification()),
                d.validation(),
                EnumSet.allOf(CompressionTechnique.class), tune, (done, making) -> { }, TrainingListener.NONE));
        System.out.printf(Locale.ROOT, "  (trained the parent and %d candidates in %.1f s)%n", candidates.size() - 1,
                (System.nanoTime() - start) / 1e9);
        report(candidates, d);
        try (MlpModel engine = MlpModel.load(parent.parameters(), d.xTrain()[0].length, d.classification()
                ? d.classes() : 1, parent.config(), d.classification())) {
            Speed djl = Speed.measure(new EngineModel(engine), d.xTest(), calls);
            System.out.printf(Locale.ROOT, "  the parent through DJL's forward (reference): batch 1 %.2f us, batch 64 "
                    + "%,.0f rows/s%n", djl.batch1Micros(), djl.rowsPerSecond());
        }
    }

    /** The float parent as DJL computes it, to time the engine's forward beside the served path. */
    private record EngineModel(MlpModel mlp) implements ServableModel {
        @Override
        public ModelKind kind() {
            return ModelKind.FLOAT_MLP;
        }

        @Override
        public int inputSize() {
            return mlp.inputSize();
        }

        @Override
        public int outputSize() {
            return mlp.outputSize();
        }

        @Override
        public boolean classifier() {
            return mlp.classifier();
        }

        @Override
        public float[][] predict(float[][] features) {
            return mlp.predictRaw(features);
        }

        @Override
        public void close() {
        }
    }

    private void report(List<Candidate> candidates, Data d) {
        System.out.printf(Locale.ROOT, "  %-28s %8s %8s %7s %9s %8s %10s %7s %12s %7s%n", "model", "params", "bytes",
                "x smaller", d.classification() ? "test acc" : "test RMSE", "change", "batch-1 us", "x faster",
                "batch-64 r/s", "x");
        List<Measured> validation = new ArrayList<>();
        java.util.Map<String, Measured> tests = new java.util.HashMap<>();
        // What the stage would make on these validation rows (retrained candidates only from 200 rows).
        java.util.Set<CompressionTechnique> judged = CompressionSearch.judgeable(EnumSet.allOf(CompressionTechnique.class),
                d.xVal().length);
        Measured parent = null;
        Measured parentTest = null;
        for (Candidate c : candidates) {
            Measured test = CompressionSearch.measure(c.name(), c.artifact(), c.parameters(), d.test(), calls);
            // the choice is made on the validation rows' metric; the speeds are the test measurement's
            Measured val = CompressionSearch.measure(c.name(), c.artifact(), c.parameters(), d.validation(), 10);
            val = new Measured(val.name(), val.metric(), val.bytes(), val.parameters(), test.batch1Micros(),
                    test.rowsPerSecond());
            tests.put(c.name(), test);
            if (parent == null) {
                parent = val;
                parentTest = test;
            } else if (judged.containsAll(c.steps())) {
                validation.add(val);
            }
            System.out.printf(Locale.ROOT, "  %-28s %8d %8d %7.2fx %9.4f %+8.4f %10.2f %7.2fx %,12.0f %6.2fx%n",
                    c.name(), c.parameters(), test.bytes(), (double) parentTest.bytes() / test.bytes(),
                    test.metric(), test.metric() - parentTest.metric(), test.batch1Micros(),
                    parentTest.batch1Micros() / test.batch1Micros(), test.rowsPerSecond(),
                    test.rowsPerSecond() / parentTest.rowsPerSecond());
        }
        Measured parentOnTest = parentTest;
        for (CompressionObjective objective : CompressionObjective.values()) {
            String chosen = CompressionSearch.choose(parent, validation, d.validation(),
                    CompressionChoice.Budget.DEFAULT, objective).chosen().map(m -> {
                        Measured t = tests.get(m.name());
                        return String.format(Locale.ROOT, "%s (on test: %.2fx faster at batch 1, %.2fx the batch-64 "
                                + "throughput, %.2fx smaller, metric %+.4f)", m.name(),
                                parentOnTest.batch1Micros() / t.batch1Micros(),
                                t.rowsPerSecond() / parentOnTest.rowsPerSecond(),
                                (double) parentOnTest.bytes() / t.bytes(), t.metric() - parentOnTest.metric());
                    }).orElse("none inside the budget: the parent stays");
            System.out.printf(Locale.ROOT, "  chosen for %-10s on validation (parent %.4f, default budget): %s%n",
                    objective, parent.metric(), chosen);
        }
        System.out.printf(Locale.ROOT, "  Pareto front on validation: %s%n", CompressionSearch.choose(parent,
                validation, d.validation(), CompressionChoice.Budget.DEFAULT, CompressionObjective.SIZE).front()
                .stream().map(Measured::name).toList());
    }

}
