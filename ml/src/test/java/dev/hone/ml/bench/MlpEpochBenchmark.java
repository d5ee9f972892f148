package dev.hone.ml.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.ml.model.Activation;
import dev.hone.ml.model.GradientLock;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Training epoch time of a 20-64-64-3 MLP in Hone ({@link MlpTrainer}: DJL on libtorch) against the
 * same model in PyTorch (Debian's python3-torch), measured in the same run; prints the medians,
 * their ratio, and where one epoch's time goes on each side.
 *
 * <p>Run from the repository root (see docs/benchmarks.md):
 *
 * <pre>
 * MAVEN_OPTS="--enable-native-access=ALL-UNNAMED -Dai.djl.offline=true" ./mvnw -q -B -pl ml \
 *     test-compile exec:java -Dexec.mainClass=dev.hone.ml.bench.MlpEpochBenchmark \
 *     -Dexec.classpathScope=test [-Dexec.args="--threads 1 --rounds 3"]
 * </pre>
 *
 * <p>Arguments, all optional: {@code --threads} intra-op threads on both sides (1), {@code
 * --rounds} (3), {@code --warmup-epochs} per training (1), {@code --epochs} measured per training
 * (5), {@code --batch-sizes} (32,256), {@code --python} (/usr/bin/python3), {@code --script}
 * (ml/src/test/python/mlp_epoch_baseline.py, or src/test/python/... when run from ml/).
 *
 * <p>Each round trains once per batch size in Hone, then in PyTorch, so both see the same
 * background load. A Hone epoch is timed from one {@code onEpoch} call to the next, so it includes
 * everything the trainer does per epoch (shuffle, steps, validation, parameter snapshot). The
 * breakdown re-runs MlpTrainer's epoch loop here with timers between its DJL calls; its total is
 * printed next to the measured epoch so the reproduction can be checked against the real thing.
 */
public final class MlpEpochBenchmark {

    private static final int ROWS = 10_000;
    private static final int VALIDATION_ROWS = 2_000;
    private static final int FEATURES = 20;
    private static final int CLASSES = 3;
    private static final List<Integer> HIDDEN = List.of(64, 64);
    private static final double DROPOUT = 0.1;
    private static final double WEIGHT_DECAY = 1e-4;
    private static final double LEARNING_RATE = 1e-3;
    private static final long SEED = 42;

    // The figures are this program's output, not log lines, so they go to stdout as they are.
    private static final PrintStream OUT = System.out;

    private MlpEpochBenchmark() {}

    /** Parts of one epoch, in the order they happen; the Python script uses the same keys. */
    enum Phase {
        BATCH("batch", "shuffle, rows -> tensors"),
        FORWARD("forward", "forward"),
        LOSS("loss", "loss + L2 term"),
        BACKWARD("backward", "backward"),
        READ_LOSS("read_loss", "loss value to host"),
        FREE(null, "free batch arrays"),
        STEP("step", "Adam step (+ zero grads)"),
        VALIDATION("validation", "validation pass"),
        SNAPSHOT("snapshot", "parameter snapshot"),
        OTHER(null, "other (loop, listener)");

        final String pythonKey;
        final String label;

        Phase(String pythonKey, String label) {
            this.pythonKey = pythonKey;
            this.label = label;
        }
    }

    record Options(
            int threads, int rounds, int warmupEpochs, int epochs, List<Integer> batchSizes,
            Path python, Path script) {

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 == args.length) {
                    throw new IllegalArgumentException("Expected --name value pairs, got " + Arrays.toString(args));
                }
                given.put(args[i].substring(2), args[i + 1]);
            }
            Options o = new Options(
                    Integer.parseInt(given.getOrDefault("threads", "1")),
                    Integer.parseInt(given.getOrDefault("rounds", "3")),
                    Integer.parseInt(given.getOrDefault("warmup-epochs", "1")),
                    Integer.parseInt(given.getOrDefault("epochs", "5")),
                    Arrays.stream(given.getOrDefault("batch-sizes", "32,256").split(","))
                            .map(String::trim).map(Integer::valueOf).toList(),
                    Path.of(given.getOrDefault("python", "/usr/bin/python3")),
                    given.containsKey("script") ? Path.of(given.get("script")) : defaultScript());
            given.keySet().removeAll(List.of(
                    "threads", "rounds", "warmup-epochs", "epochs", "batch-sizes", "python", "script"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("Unknown arguments " + given.keySet());
            }
            if (o.threads < 1 || o.rounds < 1 || o.warmupEpochs < 1 || o.epochs < 1) {
                throw new IllegalArgumentException(
                        "threads, rounds, warmup-epochs and epochs must be >= 1 (the first epoch of a"
                                + " training has no previous epoch end to be timed from)");
            }
            return o;
        }

        private static Path defaultScript() {
            Path fromRoot = Path.of("ml/src/test/python/mlp_epoch_baseline.py");
            return Files.exists(fromRoot) ? fromRoot : Path.of("src/test/python/mlp_epoch_baseline.py");
        }

        MlpConfig config(int batchSize) {
            // Patience beyond the last epoch: early stopping never cuts a measurement short.
            return new MlpConfig(HIDDEN, Activation.RELU, DROPOUT, WEIGHT_DECAY, LEARNING_RATE,
                    batchSize, warmupEpochs + epochs, Integer.MAX_VALUE, SEED);
        }
    }

    /** Gaussian blobs: one random centre per class, unit noise around it; about 88% separable. */
    record Dataset(float[][] xTrain, int[] yTrain, float[][] xVal, int[] yVal) {

        static Dataset blobs(long seed) {
            Random random = new Random(seed);
            float[][] centres = new float[CLASSES][FEATURES];
            for (float[] centre : centres) {
                for (int j = 0; j < FEATURES; j++) {
                    centre[j] = (float) (0.5 * random.nextGaussian());
                }
            }
            float[][] x = new float[ROWS][FEATURES];
            int[] y = new int[ROWS];
            for (int i = 0; i < ROWS; i++) {
                y[i] = random.nextInt(CLASSES);
                for (int j = 0; j < FEATURES; j++) {
                    x[i][j] = centres[y[i]][j] + (float) random.nextGaussian();
                }
            }
            int train = ROWS - VALIDATION_ROWS;
            return new Dataset(Arrays.copyOfRange(x, 0, train), Arrays.copyOfRange(y, 0, train),
                    Arrays.copyOfRange(x, train, ROWS), Arrays.copyOfRange(y, train, ROWS));
        }

        /** Raw little-endian arrays, which the Python script reads with numpy.fromfile. */
        void writeTo(Path dir) throws IOException {
            writeFloats(dir.resolve("x_train.f32"), xTrain);
            writeInts(dir.resolve("y_train.i32"), yTrain);
            writeFloats(dir.resolve("x_val.f32"), xVal);
            writeInts(dir.resolve("y_val.i32"), yVal);
        }

        private static void writeFloats(Path file, float[][] x) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(x.length * FEATURES * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] row : x) {
                for (float v : row) {
                    buf.putFloat(v);
                }
            }
            Files.write(file, buf.array());
        }

        private static void writeInts(Path file, int[] y) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(y.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : y) {
                buf.putInt(v);
            }
            Files.write(file, buf.array());
        }
    }

    /** Measured epochs of one side for one batch size, pooled over rounds. */
    static final class Samples {
        final List<Double> epochMillis = new ArrayList<>();
        final List<Double> roundMedians = new ArrayList<>();
        final Map<Phase, List<Double>> phaseMillis = new EnumMap<>(Phase.class);
        double lastAccuracy;

        void addRound(List<Double> epochs) {
            epochMillis.addAll(epochs);
            roundMedians.add(median(epochs));
        }

        void addPhase(Phase p, double millis) {
            phaseMillis.computeIfAbsent(p, k -> new ArrayList<>()).add(millis);
        }

        double phaseMedian(Phase p) {
            List<Double> v = phaseMillis.get(p);
            return v == null ? Double.NaN : median(v);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        // Read by DJL's PyTorch engine when it loads, which is below, after this line.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(o.threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        if (!Files.isRegularFile(o.script)) {
            throw new IllegalArgumentException(
                    "PyTorch baseline script not found at " + o.script.toAbsolutePath()
                            + "; run from the repository root or pass --script");
        }
        Engine engine = Engine.getEngine("PyTorch");

        Dataset data = Dataset.blobs(SEED);
        Path dir = Files.createTempDirectory("hone-mlp-epoch-bench");
        Map<Integer, Samples> hone = new LinkedHashMap<>();
        Map<Integer, Samples> torch = new LinkedHashMap<>();
        Map<Integer, Samples> breakdown = new LinkedHashMap<>();
        JsonNode torchInfo = null;
        try {
            data.writeTo(dir);
            for (int round = 1; round <= o.rounds; round++) {
                for (int batchSize : o.batchSizes) {
                    Samples h = hone.computeIfAbsent(batchSize, k -> new Samples());
                    h.addRound(honeEpochs(data, o.config(batchSize), o.warmupEpochs, h));
                    torchInfo = runPyTorch(o, dir, batchSize);
                    Samples t = torch.computeIfAbsent(batchSize, k -> new Samples());
                    t.addRound(doubles(torchInfo.get("epoch_ms")));
                    for (Phase p : Phase.values()) {
                        if (p.pythonKey != null) {
                            doubles(torchInfo.get("phase_ms").get(p.pythonKey)).forEach(v -> t.addPhase(p, v));
                        }
                    }
                    t.lastAccuracy = torchInfo.get("last_validation_accuracy").asDouble();
                }
            }
            for (int batchSize : o.batchSizes) {
                breakdown.put(batchSize, honeBreakdown(data, o.config(batchSize), o.warmupEpochs));
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
        // The Python side's "other" is its epoch time minus its timed phases, epoch by epoch.
        for (Samples t : torch.values()) {
            List<Double> other = new ArrayList<>();
            for (int i = 0; i < t.epochMillis.size(); i++) {
                double timed = 0;
                for (List<Double> v : t.phaseMillis.values()) {
                    timed += v.get(i);
                }
                other.add(t.epochMillis.get(i) - timed);
            }
            t.phaseMillis.put(Phase.OTHER, other);
        }
        report(o, engine, torchInfo, hone, torch, breakdown);
    }

    /** Trains with MlpTrainer; returns the measured epochs' wall times in milliseconds. */
    private static List<Double> honeEpochs(Dataset d, MlpConfig cfg, int warmupEpochs, Samples into) {
        List<Long> epochEnds = new ArrayList<>();
        TrainingResult r = MlpTrainer.trainClassifier(
                d.xTrain, d.yTrain, d.xVal, d.yVal, CLASSES, cfg, m -> epochEnds.add(System.nanoTime()));
        into.lastAccuracy = r.history().getLast().validationMetric();
        List<Double> millis = new ArrayList<>();
        for (int e = warmupEpochs; e < epochEnds.size(); e++) {
            millis.add((epochEnds.get(e) - epochEnds.get(e - 1)) / 1e6);
        }
        return millis;
    }

    private static JsonNode runPyTorch(Options o, Path dir, int batchSize) throws IOException, InterruptedException {
        List<String> command = List.of(o.python.toString(), o.script.toString(),
                "--data", dir.toString(), "--features", Integer.toString(FEATURES),
                "--classes", Integer.toString(CLASSES),
                "--hidden", String.join(",", HIDDEN.stream().map(String::valueOf).toList()),
                "--dropout", Double.toString(DROPOUT), "--weight-decay", Double.toString(WEIGHT_DECAY),
                "--lr", Double.toString(LEARNING_RATE), "--batch-size", Integer.toString(batchSize),
                "--warmup-epochs", Integer.toString(o.warmupEpochs), "--epochs", Integer.toString(o.epochs),
                "--threads", Integer.toString(o.threads), "--seed", Long.toString(SEED));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // Debian's torch calls OpenBLAS (its own thread pool) for matrix products; cap it like OpenMP.
        for (String pool : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            pb.environment().put(pool, Integer.toString(o.threads));
        }
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("PyTorch baseline failed with exit code " + exit + ": " + command);
        }
        String[] lines = stdout.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    /**
     * MlpTrainer's epoch loop (trainLocked and step), call for call, with a clock between the calls.
     * Keep in step with MlpTrainer and MlpBlocks.
     */
    private static Samples honeBreakdown(Dataset d, MlpConfig cfg, int warmupEpochs) {
        Samples s = new Samples();
        SequentialBlock block = new SequentialBlock();
        for (int width : cfg.hiddenLayers()) {
            block.add(Linear.builder().setUnits(width).build());
            block.add(ai.djl.nn.Activation.reluBlock());
            block.add(Dropout.builder().optRate((float) cfg.dropout()).build());
        }
        block.add(Linear.builder().setUnits(CLASSES).build());
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optDevices(new Device[] {Device.cpu()})
                .optOptimizer(Adam.builder()
                        .optLearningRateTracker(Tracker.fixed((float) cfg.learningRate()))
                        .build());
        int n = d.xTrain.length;
        int batches = (n + cfg.batchSize() - 1) / cfg.batchSize();
        Random shuffler = new Random(cfg.seed());
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        double bestLoss = Double.POSITIVE_INFINITY;

        try (GradientLock.Held held = GradientLock.acquire();
                Model model = Model.newInstance("mlp", Device.cpu(), "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(Long.hashCode(cfg.seed()));
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(config);
                    NDManager dataManager = trainer.getManager().newSubManager()) {
                trainer.initialize(new Shape(cfg.batchSize(), FEATURES));
                NDList weights = new NDList();
                for (Parameter p : block.getParameters().values()) {
                    if (p.getType() == Parameter.Type.WEIGHT) {
                        weights.add(p.getArray());
                    }
                }
                NDArray valX = toMatrix(dataManager, d.xVal, null);
                NDArray valY = dataManager.create(d.yVal);

                for (int epoch = 1; epoch <= cfg.maxEpochs(); epoch++) {
                    long[] spent = new long[Phase.values().length];
                    long start = System.nanoTime();
                    shuffle(order, shuffler);
                    spent[Phase.BATCH.ordinal()] += System.nanoTime() - start;
                    for (int b = 0; b < batches; b++) {
                        long t0 = System.nanoTime();
                        int from = b * cfg.batchSize();
                        int[] rows = Arrays.copyOfRange(order, from, Math.min(n, from + cfg.batchSize()));
                        long t1;
                        long t2;
                        long t3;
                        long t4;
                        long t5;
                        try (NDManager batch = trainer.getManager().newSubManager()) {
                            batch.tempAttachAll(weights);
                            NDArray input = toMatrix(batch, d.xTrain, rows);
                            int[] y = new int[rows.length];
                            for (int i = 0; i < rows.length; i++) {
                                y[i] = d.yTrain[rows[i]];
                            }
                            NDArray labels = batch.create(y);
                            t1 = System.nanoTime();
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray output = trainer.forward(new NDList(input)).singletonOrThrow();
                                t2 = System.nanoTime();
                                NDArray dataLoss = trainer.getLoss().evaluate(new NDList(labels), new NDList(output));
                                NDArray squares = batch.zeros(new Shape());
                                for (NDArray w : weights) {
                                    squares = squares.add(w.square().sum());
                                }
                                NDArray total = dataLoss.add(squares.mul(cfg.weightDecay() / 2));
                                t3 = System.nanoTime();
                                collector.backward(total);
                                t4 = System.nanoTime();
                                dataLoss.getFloat();
                            }
                            t5 = System.nanoTime();
                        }
                        long t6 = System.nanoTime();
                        trainer.step();
                        long t7 = System.nanoTime();
                        spent[Phase.BATCH.ordinal()] += t1 - t0;
                        spent[Phase.FORWARD.ordinal()] += t2 - t1;
                        spent[Phase.LOSS.ordinal()] += t3 - t2;
                        spent[Phase.BACKWARD.ordinal()] += t4 - t3;
                        spent[Phase.READ_LOSS.ordinal()] += t5 - t4;
                        spent[Phase.FREE.ordinal()] += t6 - t5;
                        spent[Phase.STEP.ordinal()] += t7 - t6;
                    }

                    long v0 = System.nanoTime();
                    double validationLoss;
                    try (NDManager eval = trainer.getManager().newSubManager()) {
                        eval.tempAttachAll(valX, valY);
                        NDArray out = trainer.evaluate(new NDList(valX)).singletonOrThrow();
                        validationLoss = trainer.getLoss().evaluate(new NDList(valY), new NDList(out)).getFloat();
                        long[] predicted = out.argMax(1).toLongArray();
                        long correct = 0;
                        for (int i = 0; i < predicted.length; i++) {
                            correct += predicted[i] == d.yVal[i] ? 1 : 0;
                        }
                        s.lastAccuracy = (double) correct / predicted.length;
                    }
                    long v1 = System.nanoTime();
                    if (validationLoss < bestLoss) {
                        bestLoss = validationLoss;
                        saveParameters(block);
                    }
                    long v2 = System.nanoTime();
                    spent[Phase.VALIDATION.ordinal()] += v1 - v0;
                    spent[Phase.SNAPSHOT.ordinal()] += v2 - v1;
                    long elapsed = v2 - start;

                    if (epoch > warmupEpochs) {
                        long timed = 0;
                        for (Phase p : Phase.values()) {
                            timed += spent[p.ordinal()];
                        }
                        spent[Phase.OTHER.ordinal()] = elapsed - timed;
                        for (Phase p : Phase.values()) {
                            s.addPhase(p, spent[p.ordinal()] / 1e6);
                        }
                        s.epochMillis.add(elapsed / 1e6);
                    }
                }
            }
        }
        return s;
    }

    /** Rows (all when {@code rows} is null) as a float32 matrix, as MlpTrainer.toMatrix does. */
    private static NDArray toMatrix(NDManager m, float[][] x, int[] rows) {
        int count = rows == null ? x.length : rows.length;
        float[] flat = new float[count * FEATURES];
        for (int i = 0; i < count; i++) {
            System.arraycopy(x[rows == null ? i : rows[i]], 0, flat, i * FEATURES, FEATURES);
        }
        return m.create(flat, new Shape(count, FEATURES));
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void saveParameters(SequentialBlock block) {
        try (DataOutputStream out = new DataOutputStream(new ByteArrayOutputStream())) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void report(
            Options o, Engine engine, JsonNode torchInfo, Map<Integer, Samples> hone,
            Map<Integer, Samples> torch, Map<Integer, Samples> breakdown) {
        OUT.printf("MLP training epoch: %d-%s-%d, ReLU, dropout %s, L2 %s on weights, Adam %s;"
                        + " %d train + %d validation rows (Gaussian blobs)%n",
                FEATURES, String.join("-", HIDDEN.stream().map(String::valueOf).toList()), CLASSES,
                DROPOUT, WEIGHT_DECAY, LEARNING_RATE, ROWS - VALIDATION_ROWS, VALIDATION_ROWS);
        OUT.printf("Hone:    DJL %s, libtorch %s, intra-op threads %d, inter-op threads %d, Java %s%n",
                Engine.getDjlVersion(), engine.getVersion(), JniUtils.getNumThreads(),
                JniUtils.getNumInteropThreads(), Runtime.version());
        OUT.printf("PyTorch: torch %s (%s), intra-op threads %d, inter-op threads %d,"
                        + " OMP/OPENBLAS/MKL_NUM_THREADS=%d%n",
                torchInfo.get("torch_version").asText(), o.python, torchInfo.get("intra_op_threads").asInt(),
                torchInfo.get("inter_op_threads").asInt(), o.threads);
        OUT.printf("%d rounds x %d measured epochs per side and batch size (after %d warm-up epoch(s)"
                + " per training); medians over all measured epochs%n%n", o.rounds, o.epochs, o.warmupEpochs);

        OUT.println("| batch | Hone (DJL) ms/epoch | PyTorch ms/epoch | ratio Hone/PyTorch | validation accuracy Hone / PyTorch |");
        OUT.println("|------:|--------------------:|-----------------:|-------------------:|-----------------------------------:|");
        for (int batchSize : o.batchSizes) {
            Samples h = hone.get(batchSize);
            Samples t = torch.get(batchSize);
            double hm = median(h.epochMillis);
            double tm = median(t.epochMillis);
            OUT.printf("| %5d | %19.1f | %16.1f | %18.2f | %17.3f / %.3f |%n",
                    batchSize, hm, tm, hm / tm, h.lastAccuracy, t.lastAccuracy);
        }
        OUT.println();
        OUT.println("Per-round medians (ms/epoch, Hone / PyTorch = ratio):");
        for (int batchSize : o.batchSizes) {
            StringBuilder line = new StringBuilder(String.format("  batch %3d:", batchSize));
            List<Double> h = hone.get(batchSize).roundMedians;
            List<Double> t = torch.get(batchSize).roundMedians;
            for (int r = 0; r < h.size(); r++) {
                line.append(String.format("  %.1f / %.1f = %.2f", h.get(r), t.get(r), h.get(r) / t.get(r)));
            }
            OUT.println(line);
        }
        OUT.println();

        OUT.println("Where one epoch goes (median ms per epoch; Hone: MlpTrainer's loop re-run with timers,"
                + " PyTorch: the baseline's own timers)");
        StringBuilder header = new StringBuilder("| phase                          |");
        StringBuilder rule = new StringBuilder("|--------------------------------|");
        for (int batchSize : o.batchSizes) {
            header.append(String.format(" Hone b%-4d | PyTorch b%-4d |", batchSize, batchSize));
            rule.append("-----------:|--------------:|");
        }
        OUT.println(header);
        OUT.println(rule);
        for (Phase p : Phase.values()) {
            StringBuilder line = new StringBuilder(String.format("| %-30s |", p.label));
            for (int batchSize : o.batchSizes) {
                double t = torch.get(batchSize).phaseMedian(p);
                line.append(String.format(" %10.1f | %13s |", breakdown.get(batchSize).phaseMedian(p),
                        Double.isNaN(t) ? "(in others)" : String.format("%.1f", t)));
            }
            OUT.println(line);
        }
        StringBuilder total = new StringBuilder(String.format("| %-30s |", "epoch, timed loop"));
        StringBuilder measured = new StringBuilder(String.format("| %-30s |", "epoch, measured above"));
        for (int batchSize : o.batchSizes) {
            total.append(String.format(" %10.1f | %13.1f |", median(breakdown.get(batchSize).epochMillis),
                    median(torch.get(batchSize).epochMillis)));
            measured.append(String.format(" %10.1f | %13.1f |", median(hone.get(batchSize).epochMillis),
                    median(torch.get(batchSize).epochMillis)));
        }
        OUT.println(total);
        OUT.println(measured);
        OUT.println();
        OUT.println("Per optimizer step (µs): forward+loss+backward+step");
        for (int batchSize : o.batchSizes) {
            int batches = (ROWS - VALIDATION_ROWS + batchSize - 1) / batchSize;
            Samples h = breakdown.get(batchSize);
            Samples t = torch.get(batchSize);
            OUT.printf("  batch %3d: Hone %.0f, PyTorch %.0f (%d steps per epoch)%n", batchSize,
                    perStep(h, batches), perStep(t, batches), batches);
        }
    }

    private static double perStep(Samples s, int batches) {
        double ms = 0;
        for (Phase p : List.of(Phase.FORWARD, Phase.LOSS, Phase.BACKWARD, Phase.STEP)) {
            ms += s.phaseMedian(p);
        }
        return ms * 1000 / batches;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> v = new ArrayList<>();
        array.forEach(e -> v.add(e.asDouble()));
        return v;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }
}
