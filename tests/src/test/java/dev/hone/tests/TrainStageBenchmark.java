package dev.hone.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service-level form of {@code MlpEpochBenchmark} (issue 20): the TRAIN stage of real runs of a packaged Hone
 * (embedded mode) against PyTorch 1.13 doing the same training work, measured in the same program.
 *
 * <p>For each network (the epoch benchmark's two: 20-64-64-3 and 36-128-128-6), Hone gets a CSV of Gaussian blobs
 * (as many features and classes, 10,000 rows; the epoch benchmark's data) and runs the pipeline with the epoch
 * benchmark's model (ReLU, dropout 0.1, weight decay 1e-4, Adam 1e-3) for a fixed number of epochs (patience beyond
 * them). Its TRAIN stage trains on the training split with a validation pass per epoch, then again on training +
 * validation rows for the best epoch's count; the stage's time runs from its start record to its end record and so
 * includes loading the rows from the artifact store, heartbeats, progress writes, scoring and storing the model.
 * PyTorch ({@code ml/src/test/python/mlp_epoch_baseline.py}, one thread) then trains the same layout on as many
 * rows for as many epochs, both parts, timed epoch by epoch (its process start and data loading are not counted).
 * Beside the times, each side's validation accuracy after its first training (Hone's at the best epoch its stage
 * keeps, PyTorch's at its last; 1,500 rows of the same blobs each), so that no speed-up goes unnoticed that changes
 * what is learnt. The first run starts once Hone's warm-up at start has ended, as a user's first run would come; a
 * first round warms the process up further, and its first run is reported apart.
 *
 * <pre>
 * ./mvnw -B -q install -DskipTests
 * ./mvnw -B -q -pl tests test-compile org.codehaus.mojo:exec-maven-plugin:3.5.1:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.hone.tests.TrainStageBenchmark -Dexec.args="--rounds 3 --epochs 10"
 * </pre>
 *
 * <p>Arguments: {@code --rounds} (3), {@code --epochs} (10), {@code --batch-sizes} (32,256), {@code --networks}
 * (20-64-64-3,36-128-128-6), {@code --python} (/usr/bin/python3).
 */
public final class TrainStageBenchmark {

    private static final String USER = "stage-bench";
    private static final String PASSWORD = "stage-bench-password";
    private static final int ROWS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SPLIT = Pattern.compile("([\\d,]+) train, ([\\d,]+) validation");

    private TrainStageBenchmark() {}

    /** A layout "features-hidden...-classes" and its blobs. */
    record Network(String name, int features, List<Integer> hidden, int classes, float[][] x, int[] y) {
        static Network parse(String layout) {
            List<Integer> sizes = Arrays.stream(layout.split("-")).map(String::strip).map(Integer::valueOf).toList();
            int features = sizes.getFirst();
            int classes = sizes.getLast();
            float[][] x = new float[ROWS][features];
            int[] y = new int[ROWS];
            blobs(x, y, classes, new Random(42));
            return new Network(layout, features, sizes.subList(1, sizes.size() - 1), classes, x, y);
        }

        String dataset() {
            return "blobs-" + features + "-" + classes;
        }

        String hiddenArg() {
            return String.join(",", hidden.stream().map(String::valueOf).toList());
        }
    }

    /**
     * One measured TRAIN stage and what PyTorch took for the same work, with the validation accuracy each side
     * reached in the first training (Hone's at its best epoch, which the stage keeps; PyTorch's at its last).
     */
    record Measured(String network, int batchSize, double stageSeconds, int epochs, int refitEpochs, int trainRows,
            int refitRows, double torchSeconds, double honeAccuracy, double torchAccuracy) {
        double ratio() {
            return stageSeconds / torchSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = Bench.intArg(args, "--rounds", 3);
        int epochs = Bench.intArg(args, "--epochs", 10);
        List<Integer> batchSizes = Arrays.stream(Bench.stringArg(args, "--batch-sizes", "32,256").split(","))
                .map(String::strip).map(Integer::valueOf).toList();
        List<Network> networks = Arrays.stream(Bench.stringArg(args, "--networks", "20-64-64-3,36-128-128-6")
                .split(",")).map(Network::parse).toList();
        String python = Bench.stringArg(args, "--python", "/usr/bin/python3");
        Path script = Bench.root().resolve("ml/src/test/python/mlp_epoch_baseline.py");
        Path dir = Files.createTempDirectory("hone-train-stage-bench");
        System.out.printf(Locale.ROOT, "TRAIN stage of a run against PyTorch's same work: %d rows of Gaussian blobs, "
                + "networks %s, dropout 0.1, weight decay 1e-4, Adam 1e-3, %d epochs (then the refit), batch sizes %s;"
                + " %d cores, JDK %s%n", ROWS, networks.stream().map(Network::name).toList(), epochs, batchSizes,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        Measured first = null;
        List<Measured> warm = new ArrayList<>();
        try (HoneProcess hone = new HoneProcess(dir.resolve("hone"))) {
            long t0 = System.nanoTime();
            hone.start();
            // As a user's first run would come: once the warm-up at start has ended.
            hone.awaitLog("Training warmed up", Duration.ofMinutes(2));
            System.out.printf(Locale.ROOT, "Hone up and warmed up %.1f s after its start%n",
                    (System.nanoTime() - t0) / 1e9);
            HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD, "mutation { saveUser(username: \""
                    + USER + "\", password: \"" + PASSWORD + "\", roles: [\"data-scientist\"]) { username } }",
                    Map.of()));
            for (Network network : networks) {
                if (hone.upload(USER, PASSWORD, network.dataset(), csv(network)).statusCode() != 201) {
                    throw new IllegalStateException("upload failed");
                }
            }
            for (int round = 0; round <= rounds; round++) {
                for (Network network : networks) {
                    for (int batchSize : batchSizes) {
                        // Round 0 warms the process up further; its first run is reported apart.
                        Measured m = measure(hone, dir, network, batchSize, epochs, python, script);
                        if (round > 0) {
                            warm.add(m);
                        } else if (first == null) {
                            first = m;
                        }
                        System.out.printf(Locale.ROOT, "%s %s batch %d: TRAIN %.2f s (%d + %d epochs on %,d and %,d"
                                + " rows), PyTorch %.2f s: %.2fx; validation accuracy %.3f / %.3f%n",
                                round == 0 ? "warm-up" : "round " + round, network.name(), batchSize,
                                m.stageSeconds(), m.epochs(), m.refitEpochs(), m.trainRows(), m.refitRows(),
                                m.torchSeconds(), m.ratio(), m.honeAccuracy(), m.torchAccuracy());
                    }
                }
            }
            hone.stop();
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "The first run after the start (%s, batch %d): TRAIN %.2f s, PyTorch %.2f s:"
                + " %.2fx%n", first.network(), first.batchSize(), first.stageSeconds(), first.torchSeconds(),
                first.ratio());
        System.out.println("| network | batch | TRAIN stage s (median) | PyTorch same work s "
                + "| Hone/PyTorch (median, range) | ms per epoch in the stage | validation accuracy Hone / PyTorch |");
        System.out.println("|---|---:|---:|---:|---|---:|---|");
        for (Network network : networks) {
            for (int batchSize : batchSizes) {
                List<Measured> ms = warm.stream()
                        .filter(m -> m.batchSize() == batchSize && m.network().equals(network.name())).toList();
                List<Double> ratios = ms.stream().map(Measured::ratio).toList();
                double stage = Bench.median(ms.stream().map(Measured::stageSeconds).toList());
                System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f (%.2f-%.2f) | %.1f | %.3f / %.3f |%n",
                        network.name(), batchSize, stage,
                        Bench.median(ms.stream().map(Measured::torchSeconds).toList()), Bench.median(ratios),
                        ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                        ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                        stage * 1000 / (ms.getFirst().epochs() + ms.getFirst().refitEpochs()),
                        Bench.median(ms.stream().map(Measured::honeAccuracy).toList()),
                        Bench.median(ms.stream().map(Measured::torchAccuracy).toList()));
            }
        }
    }

    private static Measured measure(HoneProcess hone, Path dir, Network network, int batchSize, int epochs,
            String python, Path script) throws Exception {
        JsonNode started = HoneProcess.ok(hone.graphql(USER, PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", Map.of(
                        "dataset", network.dataset(), "target", "label", "modelName", network.dataset() + "-stage",
                        "seed", 42, "training", Map.of("hiddenLayers", network.hidden(), "dropout", 0.1, "weightDecay", 1e-4,
                                "learningRate", 1e-3, "batchSize", batchSize, "maxEpochs", epochs,
                                "patience", epochs + 1, "weightAveraging", 0)))));
        long runId = started.path("data").path("startRun").path("id").asLong();
        JsonNode run = hone.awaitGraphql(USER, PASSWORD, """
                query($id: ID!) { run(id: $id) { status error
                  stages { stage detail startedAt endedAt metrics { name value } } } }""", Map.of("id", runId),
                r -> !List.of("QUEUED", "RUNNING").contains(r.path("data").path("run").path("status").asText()),
                Duration.ofMinutes(30)).path("data").path("run");
        if (!run.path("status").asText().equals("SUCCEEDED")) {
            throw new IllegalStateException("run " + runId + " ended " + run);
        }
        JsonNode train = stage(run, "TRAIN");
        Matcher split = SPLIT.matcher(stage(run, "PREPROCESS").path("detail").asText());
        if (!split.find()) {
            throw new IllegalStateException("no split in " + stage(run, "PREPROCESS"));
        }
        int trainRows = Integer.parseInt(split.group(1).replace(",", ""));
        int validationRows = Integer.parseInt(split.group(2).replace(",", ""));
        int trained = (int) metric(train, "epochs");
        int refit = (int) metric(train, "best_epoch");
        if ((int) metric(train, "refit_rows") != trainRows + validationRows) {
            throw new IllegalStateException("the refit did not train on training + validation rows: " + train);
        }
        double stageSeconds = Duration.between(Instant.parse(train.path("startedAt").asText()),
                Instant.parse(train.path("endedAt").asText())).toNanos() / 1e9;

        // PyTorch: the training with its validation rows, then the refit on both (a one-row validation there).
        Torch fit = torch(dir.resolve("fit"), network, trainRows, validationRows, batchSize, trained, python, script);
        Torch refitted = torch(dir.resolve("refit"), network, trainRows + validationRows, 1, batchSize, refit, python,
                script);
        return new Measured(network.name(), batchSize, stageSeconds, trained, refit, trainRows,
                trainRows + validationRows, fit.seconds() + refitted.seconds(), metric(train, "validation_accuracy"),
                fit.validationAccuracy());
    }

    private static JsonNode stage(JsonNode run, String name) {
        for (JsonNode s : run.path("stages")) {
            if (s.path("stage").asText().equals(name)) {
                return s;
            }
        }
        throw new IllegalStateException("no stage " + name + " in " + run);
    }

    private static double metric(JsonNode stage, String name) {
        for (JsonNode m : stage.path("metrics")) {
            if (m.path("name").asText().equals(name)) {
                return m.path("value").asDouble();
            }
        }
        throw new IllegalStateException("no metric " + name + " in " + stage);
    }

    /** The baseline's time for its epochs (all measured: no warm-up) and its last epoch's validation accuracy. */
    record Torch(double seconds, double validationAccuracy) {
    }

    /** The baseline on the first rows of the blobs. */
    private static Torch torch(Path dir, Network network, int train, int validation, int batchSize,
            int epochs, String python, Path script) throws Exception {
        Files.createDirectories(dir);
        write(dir.resolve("x_train.f32"), network, 0, train, dir.resolve("y_train.i32"));
        write(dir.resolve("x_val.f32"), network, train, train + validation, dir.resolve("y_val.i32"));
        String out = QualityBenchmark.exec(List.of(python, script.toString(), "--data", dir.toString(),
                "--features", Integer.toString(network.features()), "--classes", Integer.toString(network.classes()),
                "--hidden", network.hiddenArg(),
                "--dropout", "0.1", "--weight-decay", "1e-4", "--lr", "1e-3", "--batch-size",
                Integer.toString(batchSize), "--warmup-epochs", "0", "--epochs", Integer.toString(epochs),
                "--threads", "1", "--seed", "42"), "the PyTorch baseline (apt-get install python3-torch)");
        String[] lines = out.strip().split("\n");
        JsonNode result = JSON.readTree(lines[lines.length - 1]);
        double ms = 0;
        for (JsonNode e : result.path("epoch_ms")) {
            ms += e.asDouble();
        }
        return new Torch(ms / 1000, result.path("last_validation_accuracy").asDouble());
    }

    /** Gaussian blobs: one random centre per class, unit noise around it (as MlpEpochBenchmark's). */
    private static void blobs(float[][] x, int[] y, int classes, Random random) {
        int features = x[0].length;
        float[][] centres = new float[classes][features];
        for (float[] centre : centres) {
            for (int j = 0; j < features; j++) {
                centre[j] = (float) (0.5 * random.nextGaussian());
            }
        }
        for (int i = 0; i < x.length; i++) {
            y[i] = random.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i][j] = centres[y[i]][j] + (float) random.nextGaussian();
            }
        }
    }

    private static byte[] csv(Network network) {
        float[][] x = network.x();
        int[] y = network.y();
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < network.features(); j++) {
            s.append('f').append(j + 1).append(',');
        }
        s.append("label\n");
        for (int i = 0; i < x.length; i++) {
            for (float v : x[i]) {
                s.append(v).append(',');
            }
            s.append('c').append(y[i]).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Rows [from, to) as raw little-endian arrays, which the Python script reads with numpy.fromfile. */
    private static void write(Path xFile, Network network, int from, int to, Path yFile) throws IOException {
        float[][] x = network.x();
        int[] y = network.y();
        ByteBuffer xs = ByteBuffer.allocate((to - from) * network.features() * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer ys = ByteBuffer.allocate((to - from) * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) {
            for (float v : x[i]) {
                xs.putFloat(v);
            }
            ys.putInt(y[i]);
        }
        Files.write(xFile, xs.array());
        Files.write(yFile, ys.array());
    }
}
