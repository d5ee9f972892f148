package dev.hone.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.ml.data.DataFiles;
import dev.hone.ml.data.RowSource;
import dev.hone.ml.metrics.RegressionMetrics;
import dev.hone.vocabulary.ClassWeights;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Model quality against scikit-learn on public data sets: Hone's default run and a 20-trial Hone
 * study against HistGradientBoosting (defaults) and an MLP tuned by a 20-trial random search, on
 * identical splits. For each data set and seed the program draws an outer 85/15 split (stratified
 * for classification), uploads the 85% to a packaged Hone (embedded mode, -Xmx2g), runs it, and
 * predicts the 15% through Hone's REST API; scikit-learn gets the same two files. Every system is
 * scored by the same code here: accuracy (classification), RMSE, MAE and R^2 (regression). Wall
 * time per run is Hone's run from start to end and scikit-learn's fit and predict.
 *
 * <p>Data: Debian's r-cran-mass, r-cran-kernlab, r-cran-modeldata (exported by
 * {@code quality/export.R}) and python3-sklearn's bundled iris, wine and diabetes; the baselines
 * need python3-sklearn and python3-pandas ({@code quality/baselines.py}). Nothing is downloaded.
 *
 * <p>Run after {@code ./mvnw install -DskipTests}: {@code ./mvnw -B -pl tests
 * org.codehaus.mojo:exec-maven-plugin:3.5.1:java -Dexec.mainClass=dev.hone.tests.QualityBenchmark
 * -Dexec.classpathScope=test -Dexec.args="--seeds 3"}. Options: {@code --sets} (comma list of names,
 * default all), {@code --seeds} (3: seeds 1..n), {@code --systems} (comma list of default, study,
 * hgb, mlp; all by default), {@code --trials} (20), {@code --timeout-minutes} per run (60), {@code --sampler}
 * the study's (GP), {@code --numeric-scaling} the runs' {@code training.numericScaling} (Hone's default when left
 * out), {@code --search-scaling} the encodings the study searches (comma list; none when left out),
 * {@code --ensemble-size} the runs' {@code training.ensembleSize} (Hone's default when left out), {@code
 * --class-weights} the runs' {@code training.classWeights} (Hone's default when left out), {@code
 * --search-class-weights} the class weightings the study searches on sets whose classes are imbalanced enough for
 * {@code AUTO} to weigh them (comma list; none when left out). {@code --sets
 * confirmation} stands for the {@link #CONFIRMATION} sets; {@code --top} (5) how many of the study's best trials the
 * {@code top} system averages (it runs after {@code study}, see {@link #topTrials}).
 */
public final class QualityBenchmark {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String ADMIN = "admin";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SKLEARN_EXPORT = """
            import sys
            from sklearn import datasets
            out = sys.argv[1]
            datasets.load_iris(as_frame=True).frame.to_csv(out + "/iris.csv", index=False)
            datasets.load_wine(as_frame=True).frame.to_csv(out + "/wine.csv", index=False)
            datasets.load_diabetes(as_frame=True, scaled=False).frame.to_csv(out + "/diabetes.csv", index=False)
            """;

    /** A public data set: its file name (without .csv), target column and task. */
    record DataSet(String name, String target, boolean classification, String about) {
    }

    static final List<DataSet> SETS = List.of(
            new DataSet("iris", "target", true, "sklearn: 150 rows, 4 numbers, 3 classes"),
            new DataSet("wine", "target", true, "sklearn: 178 rows, 13 numbers, 3 classes"),
            new DataSet("pima", "type", true, "MASS Pima.tr + Pima.te: 532 rows, 7 numbers, 2 classes"),
            new DataSet("glass", "type", true, "MASS fgl: 214 rows, 9 numbers, 6 classes, 8:1 imbalance"),
            new DataSet("crabs", "sp", true, "MASS crabs: 200 rows, 5 numbers + sex, 2 species"),
            new DataSet("spam", "type", true, "kernlab spam: 4,601 rows, 57 numbers, 2 classes"),
            new DataSet("penguins", "species", true, "modeldata: 344 rows, numbers + island, sex, missing values"),
            new DataSet("attrition", "Attrition", true, "modeldata: 1,470 rows, 30 mixed columns, 2 classes 5:1"),
            new DataSet("hpc", "class", true, "modeldata hpc_data: 4,331 rows, mixed, 4 classes 20:1"),
            new DataSet("credit", "Status", true, "modeldata credit_data: 4,454 rows, mixed, missing values"),
            new DataSet("diabetes", "target", false, "sklearn: 442 rows, 10 numbers"),
            new DataSet("boston", "medv", false, "MASS Boston: 506 rows, 13 numbers"),
            new DataSet("cpus", "perf", false, "MASS cpus: 209 rows, 6 numbers, skewed target"),
            new DataSet("concrete", "compressive_strength", false, "modeldata: 1,030 rows, 8 numbers"),
            new DataSet("ames", "Sale_Price", false, "modeldata: 2,930 rows, 73 mixed columns"));

    /**
     * Sets that chose nothing: a setting picked on {@link #SETS} is confirmed here before it becomes a default
     * ({@code --sets confirmation}).
     */
    static final List<DataSet> CONFIRMATION = List.of(
            new DataSet("churn", "churn", true, "modeldata mlc_churn: 5,000 rows, 19 mixed columns, 2 classes 6:1"),
            new DataSet("cells", "class", true, "modeldata: 2,019 rows, 56 numbers, 2 classes"),
            new DataSet("alzheimer", "Class", true, "modeldata ad_data: 333 rows, 129 numbers + genotype, 2 classes"),
            new DataSet("twoclass", "Class", true, "modeldata two_class_dat: 791 rows, 2 numbers, 2 classes"),
            // (modeldata's oils, 96 rows, was dropped: a class of 2 rows, which Hone refuses to split)
            new DataSet("parabolic", "class", true, "modeldata: 500 rows, 2 numbers, 2 classes"),
            new DataSet("scat", "Species", true, "modeldata: 110 rows, 18 mixed columns, missing values, 3 classes"),
            new DataSet("musk", "Class", true, "kernlab: 476 rows, 166 numbers, 2 classes"),
            new DataSet("birthwt", "low", true, "MASS: 189 rows, 8 numbers, 2 classes"),
            new DataSet("lending", "Class", true, "modeldata lending_club: 9,857 rows, 22 mixed columns, 2 classes 18:1"),
            new DataSet("stackoverflow", "Remote", true, "modeldata: 5,594 rows, 20 mixed columns, 2 classes 9:1"),
            new DataSet("biomass", "HHV", false, "modeldata: 536 rows, 5 numbers"),
            new DataSet("carprices", "Price", false, "modeldata car_prices: 804 rows, 17 numbers and flags"),
            new DataSet("sacramento", "price", false, "modeldata: 932 rows, city, zip, type and 5 numbers"),
            new DataSet("meats", "water", false, "modeldata: 215 rows, 100 spectrum values"));

    /** The study's search space: what a user tuning an MLP would search. */
    private static final List<Map<String, Object>> SPACE = List.of(
            Map.of("name", "learningRate", "type", "FLOAT", "low", 1e-4, "high", 1e-2, "log", true),
            Map.of("name", "weightDecay", "type", "FLOAT", "low", 1e-6, "high", 1e-2, "log", true),
            Map.of("name", "dropout", "type", "FLOAT", "low", 0.0, "high", 0.5),
            Map.of("name", "batchSize", "type", "INT", "low", 16, "high", 128, "log", true),
            Map.of("name", "layers", "type", "INT", "low", 1, "high", 3),
            Map.of("name", "width1", "type", "INT", "low", 16, "high", 256, "log", true),
            Map.of("name", "width2", "type", "INT", "low", 16, "high", 256, "log", true, "conditionParameter", "layers",
                    "conditionValues", List.of("2", "3")),
            Map.of("name", "width3", "type", "INT", "low", 16, "high", 256, "log", true, "conditionParameter", "layers",
                    "conditionValues", List.of("3")));

    /** One system's result on one data set and seed. */
    record Score(double metric, double rmse, double mae, double r2, double seconds) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** system -> data set -> seed -> score. */
    private final Map<String, Map<String, Map<Integer, Score>>> scores = new LinkedHashMap<>();
    private final int trials;
    private final int timeoutMinutes;
    private final String sampler;
    /** The runs' {@code training.numericScaling}, or null for Hone's default. */
    private final String numericScaling;
    /** The runs' {@code training.ensembleSize}, or 0 for Hone's default. */
    private final int ensembleSize;
    /** The runs' {@code training.classWeights}, or null for Hone's default. */
    private final String classWeights;
    /** The encodings the study searches as {@code numericScaling}; none searched when empty. */
    private final List<String> searchedScalings;
    /** The class weightings the study searches as {@code classWeights} on imbalanced sets; none when empty. */
    private final List<String> searchedClassWeights;
    /** How many of a study's best trials the {@code top} system averages. */
    private final int top;
    /** The run of the last study, which the {@code top} system takes its trials from. */
    private long lastStudyRun;
    /** The last study's model's answers to the test rows, which the {@code mix} system averages in. */
    private List<JsonNode> lastStudyAnswers;

    private QualityBenchmark(int trials, int timeoutMinutes, String sampler, String numericScaling,
            List<String> searchedScalings, int ensembleSize, int top, String classWeights,
            List<String> searchedClassWeights) {
        this.searchedClassWeights = searchedClassWeights;
        this.ensembleSize = ensembleSize;
        this.classWeights = classWeights;
        this.top = top;
        this.sampler = sampler;
        this.searchedScalings = searchedScalings;
        this.numericScaling = numericScaling;
        this.trials = trials;
        this.timeoutMinutes = timeoutMinutes;
    }

    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        for (String name : listArg(args, "--sets", SETS.stream().map(DataSet::name).toList())) {
            names.addAll(name.equals("confirmation") ? CONFIRMATION.stream().map(DataSet::name).toList() : List.of(name));
        }
        List<String> systems = listArg(args, "--systems", List.of("default", "study", "hgb", "mlp"));
        int seeds = Bench.intArg(args, "--seeds", 3);
        List<DataSet> sets = new ArrayList<>();
        for (String name : names) {
            sets.add(java.util.stream.Stream.concat(SETS.stream(), CONFIRMATION.stream())
                    .filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Unknown data set " + name + "; use "
                            + SETS.stream().map(DataSet::name).toList() + " or confirmation ("
                            + CONFIRMATION.stream().map(DataSet::name).toList() + ")")));
        }
        Path root = Bench.root();
        new QualityBenchmark(Bench.intArg(args, "--trials", 20), Bench.intArg(args, "--timeout-minutes", 60),
                listArg(args, "--sampler", List.of("GP")).getFirst(),
                listArg(args, "--numeric-scaling", java.util.Collections.singletonList(null)).getFirst(),
                listArg(args, "--search-scaling", List.of()), Bench.intArg(args, "--ensemble-size", 0),
                Bench.intArg(args, "--top", 5),
                listArg(args, "--class-weights", java.util.Collections.singletonList(null)).getFirst(),
                listArg(args, "--search-class-weights", List.of()))
                .run(root, sets, seeds, systems);
    }

    private void run(Path root, List<DataSet> sets, int seeds, List<String> systems) throws Exception {
        Path dir = Files.createTempDirectory("hone-quality").toAbsolutePath();
        System.out.printf(Locale.ROOT, "Model quality: %d data sets, seeds 1..%d, systems %s, study of %d trials; "
                + "%d cores, JDK %s; work folder %s%n", sets.size(), seeds, systems, trials,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), dir);
        exportData(root, dir);
        boolean hone = systems.contains("default") || systems.contains("study");
        HoneProcess process = hone ? new HoneProcess(dir.resolve("hone")) : null;
        Thread onExit = new Thread(() -> {
            try {
                if (process != null) {
                    process.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            if (process != null) {
                process.start();
            }
            for (DataSet set : sets) {
                for (int seed = 1; seed <= seeds; seed++) {
                    Split split = split(dir.resolve(set.name() + ".csv"), set, seed, dir);
                    System.out.printf(Locale.ROOT, "%s seed %d: %d training rows, %d test rows%n", set.name(), seed,
                            split.trainRows(), split.truth().size());
                    for (String system : systems) {
                        try {
                            switch (system) {
                                case "default" -> record(system, set, seed, hone(process, set, split, seed, false));
                                case "study" -> record(system, set, seed, hone(process, set, split, seed, true));
                                case "top" -> record(system, set, seed, topTrials(process, set, split, seed));
                                case "hgb", "mlp" -> sklearn(root, set, split, seed, system);
                                default -> throw new IllegalArgumentException("Unknown system " + system);
                            }
                        } catch (IllegalStateException | AssertionError e) {
                            // Reported and left out of the means, so one failure does not cost the whole run.
                            System.out.printf(Locale.ROOT, "  %-8s FAILED: %s%n", system, e.getMessage());
                        }
                    }
                }
            }
            List<String> reported = new ArrayList<>(systems);
            if (systems.contains("top")) {
                reported.add("mix");
            }
            report(sets, reported);
        } finally {
            if (process != null) {
                process.stop();
            }
            Runtime.getRuntime().removeShutdownHook(onExit);
        }
    }

    static void exportData(Path root, Path dir) throws Exception {
        Path script = root.resolve("tests/src/test/resources/quality/export.R");
        exec(List.of("Rscript", script.toString(), dir.toString()), "exporting the R data sets (apt-get install "
                + "r-cran-mass r-cran-kernlab r-cran-modeldata)");
        exec(List.of(PYTHON, "-c", SKLEARN_EXPORT, dir.toString()), "exporting scikit-learn's data sets (apt-get "
                + "install python3-sklearn python3-pandas)");
    }

    static String exec(List<String> command, String what) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * The outer split: the training file, the test file, and the test rows' true targets.
     *
     * @param imbalance the largest class's rows over the smallest's (1 for regression)
     */
    record Split(Path train, Path test, List<String> truth, List<Map<String, String>> testRows, int trainRows,
            double imbalance) {
    }

    /** 85/15, stratified by class for classification, shuffled by the seed; the same for every system. */
    static Split split(Path file, DataSet set, int seed, Path dir) throws IOException {
        List<String[]> rows = new ArrayList<>();
        String[] columns;
        try (RowSource source = DataFiles.open(file, Long.MAX_VALUE)) {
            columns = source.columns().toArray(String[]::new);
            String[] row = new String[columns.length];
            while (source.next(row)) {
                rows.add(row.clone());
            }
        }
        int target = Arrays.asList(columns).indexOf(set.target());
        if (target < 0) {
            throw new IllegalStateException(file + " has no column " + set.target());
        }
        Map<String, List<Integer>> strata = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            strata.computeIfAbsent(set.classification() ? rows.get(i)[target] : "", k -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed * 7919L + set.name().hashCode());
        List<Integer> test = new ArrayList<>();
        for (List<Integer> stratum : strata.values()) {
            Collections.shuffle(stratum, random);
            test.addAll(stratum.subList(0, (int) Math.round(stratum.size() * 0.15)));
        }
        Collections.sort(test);
        boolean[] inTest = new boolean[rows.size()];
        test.forEach(i -> inTest[i] = true);
        StringBuilder train = new StringBuilder(csvLine(columns));
        StringBuilder testCsv = new StringBuilder(csvLine(columns));
        List<String> truth = new ArrayList<>();
        List<Map<String, String>> testRows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            (inTest[i] ? testCsv : train).append(csvLine(row));
            if (inTest[i]) {
                truth.add(row[target]);
                Map<String, String> input = new LinkedHashMap<>();
                for (int c = 0; c < columns.length; c++) {
                    if (c != target) {
                        // Hone imputes a value given as "", as it does in training.
                        input.put(columns[c], row[c].equals("NA") ? "" : row[c]);
                    }
                }
                testRows.add(input);
            }
        }
        Path trainFile = dir.resolve(set.name() + "-" + seed + "-train.csv");
        Path testFile = dir.resolve(set.name() + "-" + seed + "-test.csv");
        Files.writeString(trainFile, train);
        Files.writeString(testFile, testCsv);
        IntSummaryStatistics classes = strata.values().stream().mapToInt(List::size).summaryStatistics();
        return new Split(trainFile, testFile, truth, testRows, rows.size() - test.size(),
                (double) classes.getMax() / classes.getMin());
    }

    private static String csvLine(String[] cells) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].equals("NA") ? "" : cells[i];
            if (i > 0) {
                s.append(',');
            }
            s.append(c.matches(".*[\",\\r\\n].*") ? '"' + c.replace("\"", "\"\"") + '"' : c);
        }
        return s.append('\n').toString();
    }

    /** One Hone run (default settings, or a study of {@link #trials} trials) and its test predictions. */
    private Score hone(HoneProcess process, DataSet set, Split split, int seed, boolean study) throws Exception {
        String dataset = "q-" + set.name() + "-" + seed;
        var uploaded = process.upload(ADMIN, HoneProcess.ADMIN_PASSWORD, dataset, Files.readAllBytes(split.train()));
        if (uploaded.statusCode() != 201 && uploaded.statusCode() != 200) {
            throw new IllegalStateException("upload of " + dataset + " answered " + uploaded.statusCode() + ": "
                    + uploaded.body());
        }
        Map<String, Object> input = new LinkedHashMap<>(Map.of("dataset", dataset, "target", set.target(),
                "task", set.classification() ? "CLASSIFICATION" : "REGRESSION", "seed", seed,
                "modelName", dataset + (study ? "-study" : "-default")));
        Map<String, Object> training = new LinkedHashMap<>();
        if (numericScaling != null) {
            training.put("numericScaling", numericScaling);
        }
        if (classWeights != null) {
            training.put("classWeights", classWeights);
        }
        if (ensembleSize > 0) {
            training.put("ensembleSize", ensembleSize);
        }
        if (!training.isEmpty()) {
            input.put("training", training);
        }
        if (study) {
            List<Map<String, Object>> space = new ArrayList<>(SPACE);
            if (!searchedScalings.isEmpty()) {
                space.add(Map.of("name", "numericScaling", "type", "CATEGORICAL", "choices", searchedScalings));
            }
            // as a user would: only where the classes are imbalanced enough for AUTO to weigh them
            if (!searchedClassWeights.isEmpty() && split.imbalance() >= ClassWeights.IMBALANCE_RATIO) {
                space.add(Map.of("name", "classWeights", "type", "CATEGORICAL", "choices", searchedClassWeights));
            }
            input.put("tuning", Map.of("sampler", sampler, "maxTrials", trials, "parallelism", 1,
                    "parameters", space));
        }
        JsonNode done = runToEnd(process, input);
        if (study) {
            System.out.printf(Locale.ROOT, "  study trained %s%n", done.path("study").path("choice").asText());
            lastStudyRun = done.path("id").asLong();
        }
        double seconds = seconds(done);
        List<JsonNode> answers = predictions(process, done.path("modelVersion").path("model").asText(),
                done.path("modelVersion").path("version").asInt(), split.testRows());
        if (study) {
            lastStudyAnswers = answers;
        }
        List<String> predicted = answers.stream().map(p -> set.classification() ? p.path("label").asText()
                : p.path("value").asText()).toList();
        return score(set, split.truth(), predicted, seconds);
    }

    /** Starts a run and waits for its end; throws unless it succeeded. */
    private JsonNode runToEnd(HoneProcess process, Map<String, Object> input) throws Exception {
        JsonNode started = HoneProcess.ok(process.graphql(ADMIN, HoneProcess.ADMIN_PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", input)));
        long run = started.path("data").path("startRun").path("id").asLong();
        JsonNode done = process.awaitGraphql(ADMIN, HoneProcess.ADMIN_PASSWORD, "query($id: ID!) { run(id: $id) "
                + "{ id status error createdAt endedAt modelVersion { model version } study { choice } } }",
                Map.of("id", run),
                r -> !Arrays.asList("QUEUED", "RUNNING").contains(r.path("data").path("run").path("status").asText()),
                Duration.ofMinutes(timeoutMinutes)).path("data").path("run");
        if (!done.path("status").asText().equals("SUCCEEDED")) {
            throw new IllegalStateException("run " + run + " (" + input.get("modelName") + ") ended " + done);
        }
        return done;
    }

    /** A finished run's wall time, from its creation to its end. */
    private static double seconds(JsonNode run) {
        return Duration.between(Instant.parse(run.path("createdAt").asText()), Instant.parse(run.path("endedAt")
                .asText())).toMillis() / 1000.0;
    }

    /** The training settings a trial reports, as a run's {@code training} input takes them. */
    private static final List<String> SETTINGS = List.of("hiddenLayers", "activation", "dropout", "weightDecay",
            "learningRate", "optimizer", "batchSize", "maxEpochs", "patience", "classWeights", "numericScaling",
            "weightAveraging");

    /**
     * The {@code top} system: the {@link #top} best finished trials of the study just run (on this set and seed),
     * each trained once by a run of its own with the trial's settings, their test predictions averaged (class
     * probabilities, or values). It measures what an ensemble of the best trials' settings would give before the
     * training stage builds one; its wall time is the member runs' alone. It also records {@code mix}: the study's
     * model (five networks of the chosen settings, each weighing one) averaged with the members after the first.
     */
    private Score topTrials(HoneProcess process, DataSet set, Split split, int seed) throws Exception {
        if (lastStudyRun == 0) {
            throw new IllegalStateException("the top system needs the study system before it");
        }
        JsonNode trials = HoneProcess.ok(process.graphql(ADMIN, HoneProcess.ADMIN_PASSWORD, "query($id: ID!) { run(id: "
                + "$id) { study { trials { number status value settings { " + String.join(" ", SETTINGS) + " } } } } }",
                Map.of("id", lastStudyRun))).path("data").path("run").path("study").path("trials");
        lastStudyRun = 0;
        List<JsonNode> best = new ArrayList<>();
        for (JsonNode t : trials) {
            if (t.path("status").asText().equals("COMPLETED") && best.size() < top) {
                best.add(t);
            }
        }
        double seconds = 0;
        List<List<double[]>> members = new ArrayList<>();
        List<String> labels = labels(set, lastStudyAnswers);
        StringBuilder trained = new StringBuilder();
        for (JsonNode trial : best) {
            Map<String, Object> training = new LinkedHashMap<>();
            for (String name : SETTINGS) {
                JsonNode v = trial.path("settings").path(name);
                if (!v.isNull() && !v.isMissingNode()) {
                    training.put(name, JSON.treeToValue(v, Object.class));
                }
            }
            training.put("ensembleSize", 1);
            trained.append(trained.isEmpty() ? "" : ", ").append(trial.path("number").asInt()).append(' ')
                    .append(training.get("numericScaling"));
            String dataset = "q-" + set.name() + "-" + seed;
            Map<String, Object> input = new LinkedHashMap<>(Map.of("dataset", dataset, "target", set.target(),
                    "task", set.classification() ? "CLASSIFICATION" : "REGRESSION", "seed", seed,
                    "modelName", dataset + "-trial-" + trial.path("number").asInt(), "training", training));
            JsonNode done = runToEnd(process, input);
            seconds += seconds(done);
            members.add(outputs(set, labels, predictions(process, done.path("modelVersion").path("model").asText(),
                    done.path("modelVersion").path("version").asInt(), split.testRows())));
        }
        System.out.printf(Locale.ROOT, "  top      averages trials %s%n", trained);
        // mix: the study's model (its networks each weigh one) and the members after the best-ranked one.
        List<List<double[]>> mix = new ArrayList<>(members.subList(1, members.size()));
        List<double[]> study = outputs(set, labels, lastStudyAnswers);
        for (int n = 0; n < STUDY_NETWORKS; n++) {
            mix.add(study);
        }
        record("mix", set, seed, score(set, split.truth(), decide(set, labels, mix), seconds));
        return score(set, split.truth(), decide(set, labels, members), seconds);
    }

    /** The networks a study's model averages (Hone's default for a study). */
    private static final int STUDY_NETWORKS = 5;

    /** A classifier's labels in the order its answers give their probabilities; null for regression. */
    private static List<String> labels(DataSet set, List<JsonNode> answers) {
        if (!set.classification()) {
            return null;
        }
        List<String> labels = new ArrayList<>();
        answers.getFirst().path("probabilities").fieldNames().forEachRemaining(labels::add);
        return labels;
    }

    /** Each answer's class probabilities in label order, or its value as one number. */
    private static List<double[]> outputs(DataSet set, List<String> labels, List<JsonNode> answers) {
        List<double[]> out = new ArrayList<>();
        for (JsonNode p : answers) {
            double[] row = set.classification() ? new double[labels.size()] : new double[] {p.path("value")
                    .asDouble()};
            for (int c = 0; set.classification() && c < labels.size(); c++) {
                row[c] = p.path("probabilities").path(labels.get(c)).asDouble();
            }
            out.add(row);
        }
        return out;
    }

    /** The mean of models' outputs: the most probable label, or the mean value. */
    private static List<String> decide(DataSet set, List<String> labels, List<List<double[]>> models) {
        List<String> predicted = new ArrayList<>();
        for (int r = 0; r < models.getFirst().size(); r++) {
            double[] sum = new double[models.getFirst().get(r).length];
            for (List<double[]> m : models) {
                for (int c = 0; c < sum.length; c++) {
                    sum[c] += m.get(r)[c];
                }
            }
            int argmax = 0;
            for (int c = 1; c < sum.length; c++) {
                argmax = sum[c] > sum[argmax] ? c : argmax;
            }
            predicted.add(set.classification() ? labels.get(argmax) : Double.toString(sum[0] / models.size()));
        }
        return predicted;
    }

    private List<JsonNode> predictions(HoneProcess process, String model, int version, List<Map<String, String>> rows)
            throws Exception {
        List<JsonNode> out = new ArrayList<>();
        String auth = "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + HoneProcess.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        for (int from = 0; from < rows.size(); from += 1000) {
            byte[] body = JSON.writeValueAsBytes(Map.of("rows", rows.subList(from, Math.min(rows.size(), from + 1000))));
            URI uri = process.uri("/api/models/" + model + "/predict?version=" + version);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("predict answered " + r.statusCode() + ": " + r.body());
            }
            JSON.readTree(r.body()).path("predictions").forEach(out::add);
        }
        return out;
    }

    private void sklearn(Path root, DataSet set, Split split, int seed, String model) throws Exception {
        Path script = root.resolve("tests/src/test/resources/quality/baselines.py");
        JsonNode out = JSON.readTree(exec(List.of(PYTHON, script.toString(), split.train().toString(),
                split.test().toString(), set.target(), set.classification() ? "CLASSIFICATION" : "REGRESSION",
                Integer.toString(seed), model), "scikit-learn on " + set.name())).path(model);
        List<String> predicted = new ArrayList<>();
        out.path("predictions").forEach(p -> predicted.add(p.asText()));
        record(model, set, seed, score(set, split.truth(), predicted, out.path("seconds").asDouble()));
    }

    /** Accuracy (labels compared as numbers when both are numbers, as "1" and "1.0"), or RMSE, MAE and R^2. */
    static Score score(DataSet set, List<String> truth, List<String> predicted, double seconds) {
        if (predicted.size() != truth.size()) {
            throw new IllegalStateException(predicted.size() + " predictions for " + truth.size() + " rows");
        }
        if (set.classification()) {
            int right = 0;
            for (int i = 0; i < truth.size(); i++) {
                right += same(truth.get(i), predicted.get(i)) ? 1 : 0;
            }
            return new Score((double) right / truth.size(), Double.NaN, Double.NaN, Double.NaN, seconds);
        }
        double[] t = truth.stream().mapToDouble(Double::parseDouble).toArray();
        double[] p = predicted.stream().mapToDouble(Double::parseDouble).toArray();
        RegressionMetrics m = RegressionMetrics.compute(t, p);
        return new Score(m.rmse(), m.rmse(), m.mae(), m.r2(), seconds);
    }

    private static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void record(String system, DataSet set, int seed, Score score) {
        scores.computeIfAbsent(system, k -> new LinkedHashMap<>()).computeIfAbsent(set.name(), k -> new TreeMap<>())
                .put(seed, score);
        System.out.printf(Locale.ROOT, "  %-8s %s %.4f%s in %.1f s%n", system, set.classification() ? "accuracy" : "RMSE",
                score.metric(), set.classification() ? "" : String.format(Locale.ROOT, " (MAE %.4f, R^2 %.4f)",
                        score.mae(), score.r2()), score.seconds());
    }

    private double mean(String system, DataSet set, java.util.function.ToDoubleFunction<Score> f) {
        Map<Integer, Score> bySeed = scores.getOrDefault(system, Map.of()).get(set.name());
        return bySeed == null ? Double.NaN : bySeed.values().stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private void report(List<DataSet> sets, List<String> systems) {
        for (boolean classification : new boolean[] {true, false}) {
            List<DataSet> part = sets.stream().filter(s -> s.classification() == classification).toList();
            if (part.isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "%n== %s: mean test %s over seeds (wall seconds per run in brackets)%n",
                    classification ? "Classification" : "Regression", classification ? "accuracy" : "RMSE");
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-10s", "data set"));
            systems.forEach(s -> header.append(String.format(Locale.ROOT, " | %-17s", s)));
            System.out.println(header);
            for (DataSet set : part) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s", set.name()));
                for (String s : systems) {
                    line.append(String.format(Locale.ROOT, " | %8.4f (%6.1f)", mean(s, set, Score::metric),
                            mean(s, set, Score::seconds)));
                }
                System.out.println(line);
            }
            // RMSEs differ in scale from set to set: their mean is taken relative to one system's.
            String unit = systems.contains("hgb") ? "hgb" : systems.get(0);
            StringBuilder means = new StringBuilder(String.format(Locale.ROOT, "%-10s", "mean"));
            for (String s : systems) {
                double m = part.stream().mapToDouble(set -> classification ? mean(s, set, Score::metric)
                        : mean(s, set, Score::metric) / mean(unit, set, Score::metric)).average().orElse(Double.NaN);
                means.append(String.format(Locale.ROOT, " | %8.4f %8s", m, classification ? "" : "x " + unit));
            }
            System.out.println(means);
            for (String s : systems) {
                for (String against : List.of("hgb", "mlp", "default")) {
                    if (s.equals(against) || !systems.contains(against)) {
                        continue;
                    }
                    long wins = part.stream().filter(set -> classification
                            ? mean(s, set, Score::metric) >= mean(against, set, Score::metric)
                            : mean(s, set, Score::metric) <= mean(against, set, Score::metric)).count();
                    System.out.printf(Locale.ROOT, "%s matches or beats %s on %d of %d sets%n", s, against, wins,
                            part.size());
                }
            }
        }
    }

    static List<String> listArg(String[] args, String name, List<String> fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return List.of(args[i + 1].split(","));
            }
        }
        return fallback;
    }
}
