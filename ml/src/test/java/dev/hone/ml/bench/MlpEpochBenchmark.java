package dev.hone.ml.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.ml.model.GradientLock;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingListener;
import dev.hone.ml.model.TrainingResult;
import dev.hone.vocabulary.Activation;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Training epoch time of MLPs (20-64-64-3 and 36-128-128-6 unless told) in Hone ({@link MlpTrainer}: DJL on
 * libtorch) against the same models in PyTorch (Debian's python3-torch), measured in the same run; prints the medians,
 * their ratio, and where an epoch's time goes on each side. Results go to docs/benchmarks.md.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * MAVEN_OPTS="--enable-native-access=ALL-UNNAMED -Dai.djl.offline=true" ./mvnw -q -B -pl ml \
 *     test-compile exec:java -Dexec.mainClass=dev.hone.ml.bench.MlpEpochBenchmark \
 *     -Dexec.classpathScope=test [-Dexec.args="--threads 1 --rounds 5"]
 * </pre>
 *
 * <p>Arguments, all optional: {@code --threads} intra-op threads on both sides (1), {@code
 * --rounds} (5), {@code --warmup-epochs} unmeasured epochs at the start of each training (1),
 * {@code --epochs} measured epochs per training (5), {@code --jvm-warmup-epochs} of one unmeasured
 * Hone training per batch size before the first round (10), {@code --batch-sizes} (32,256), {@code
 * --networks} (20-64-64-3,36-128-128-6: features, hidden widths, classes), {@code --breakdown} (true), {@code
 * --python} (/usr/bin/python3), {@code --script} (ml/src/test/python/mlp_epoch_baseline.py, or
 * src/test/python/... when run from ml/).
 *
 * <p>Each round trains once per batch size in Hone, then in PyTorch, so that both see about the
 * same background load. A Hone epoch is timed from one {@code onEpoch} call to the next, so it
 * includes everything the trainer does per epoch (shuffle, steps, validation, parameter snapshot).
 * The breakdown re-runs MlpTrainer's epoch loop here with timers between its DJL calls; its epoch
 * time is printed next to MlpTrainer's, so the re-run can be checked against the real thing.
 */
public final class MlpEpochBenchmark {

    private static final int ROWS = 10_000;
    private static final int VALIDATION_ROWS = 2_000;
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
        LOSS("loss", "loss"),
        BACKWARD("backward", "backward"),
        READ_LOSS("read_loss", "keep the loss for the epoch"),
        FREE(null, "free batch arrays"),
        STEP("step", "Adam step with decay (+ zero grads)"),
        VALIDATION("validation", "validation pass"),
        SNAPSHOT("snapshot", "parameter snapshot"),
        OTHER(null, "rest of the loop");

        final String pythonKey;
        final String label;

        Phase(String pythonKey, String label) {
            this.pythonKey = pythonKey;
            this.label = label;
        }
    }

    /** An MLP's layout, written {@code features-hidden...-classes} (e.g. 20-64-64-3). */
    record Network(int features, List<Integer> hidden, int classes) {
        static Network parse(String spec) {
            List<Integer> widths = Arrays.stream(spec.trim().split("-")).map(Integer::valueOf).toList();
            if (widths.size() < 2 || widths.stream().anyMatch(w -> w < 1) || widths.getLast() < 2) {
                throw new IllegalArgumentException("A network is features-hidden...-classes with at least 2"
                        + " classes, e.g. 20-64-64-3; got " + spec);
            }
            return new Network(widths.getFirst(), widths.subList(1, widths.size() - 1), widths.getLast());
        }

        @Override
        public String toString() {
            return features + "-" + String.join("-", hidden.stream().map(String::valueOf).toList()) + "-" + classes;
        }
    }

    record Options(
            int threads, int rounds, int warmupEpochs, int epochs, int jvmWarmupEpochs,
            List<Integer> batchSizes, List<Network> networks, boolean breakdown, Path python, Path script) {

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 == args.length) {
                    throw new IllegalArgumentException(
                            "Expected --name value pairs, got " + Arrays.toString(args));
                }
                given.put(args[i].substring(2), args[i + 1]);
            }
            Options o = new Options(
                    Integer.parseInt(given.getOrDefault("threads", "1")),
                    Integer.parseInt(given.getOrDefault("rounds", "5")),
                    Integer.parseInt(given.getOrDefault("warmup-epochs", "1")),
                    Integer.parseInt(given.getOrDefault("epochs", "5")),
                    Integer.parseInt(given.getOrDefault("jvm-warmup-epochs", "10")),
                    Arrays.stream(given.getOrDefault("batch-sizes", "32,256").split(","))
                            .map(String::trim).map(Integer::valueOf).toList(),
                    Arrays.stream(given.getOrDefault("networks", "20-64-64-3,36-128-128-6").split(","))
                            .map(Network::parse).toList(),
                    Boolean.parseBoolean(given.getOrDefault("breakdown", "true")),
                    Path.of(given.getOrDefault("python", "/usr/bin/python3")),
                    given.containsKey("script") ? Path.of(given.get("script")) : defaultScript());
            given.keySet().removeAll(List.of("threads", "rounds", "warmup-epochs", "epochs",
                    "jvm-warmup-epochs", "batch-sizes", "networks", "breakdown", "python", "script"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("Unknown arguments " + given.keySet());
            }
            if (o.threads < 1 || o.rounds < 1 || o.warmupEpochs < 1 || o.epochs < 1
                    || o.jvmWarmupEpochs < 1) {
                throw new IllegalArgumentException(
                        "threads, rounds and all epoch counts must be >= 1 (the first epoch of a"
                                + " training has no previous epoch end to be timed from)");
            }
            return o;
        }

        private static Path defaultScript() {
            Path fromRoot = Path.of("ml/src/test/python/mlp_epoch_baseline.py");
            return Files.exists(fromRoot) ? fromRoot : Path.of("src/test/python/mlp_epoch_baseline.py");
        }

        static MlpConfig config(Network net, int batchSize, int maxEpochs) {
            // Patience beyond the last epoch: early stopping never cuts a measurement short.
            return new MlpConfig(net.hidden(), Activation.RELU, DROPOUT, WEIGHT_DECAY, LEARNING_RATE, null,
                    batchSize, maxEpochs, Integer.MAX_VALUE, SEED);
        }
    }

    /** Gaussian blobs: one random centre per class, unit noise around it; the classes overlap. */
    record Dataset(float[][] xTrain, int[] yTrain, float[][] xVal, int[] yVal) {

        static Dataset blobs(Network net, long seed) {
            Random random = new Random(seed);
            float[][] centres = new float[net.classes()][net.features()];
            for (float[] centre : centres) {
                for (int j = 0; j < net.features(); j++) {
                    centre[j] = (float) (0.5 * random.nextGaussian());
                }
            }
            float[][] x = new float[ROWS][net.features()];
            int[] y = new int[ROWS];
            for (int i = 0; i < ROWS; i++) {
                y[i] = random.nextInt(net.classes());
                for (int j = 0; j < net.features(); j++) {
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
            ByteBuffer buf = ByteBuffer.allocate(x.length * x[0].length * Float.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN);
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
        final List<Double> wallMillis = new ArrayList<>();
        final List<Double> cpuMillis = new ArrayList<>();
        final List<Double> roundMedians = new ArrayList<>();
        final List<Double> roundCpuMedians = new ArrayList<>();
        final Map<Phase, List<Double>> phaseMillis = new EnumMap<>(Phase.class);
        double lastAccuracy;

        void addEpoch(double wall, double cpu) {
            wallMillis.add(wall);
            cpuMillis.add(cpu);
        }

        void addPhase(Phase p, double millis) {
            phaseMillis.computeIfAbsent(p, k -> new ArrayList<>()).add(millis);
        }

        void endRound(int epochs) {
            roundMedians.add(median(wallMillis.subList(wallMillis.size() - epochs, wallMillis.size())));
            roundCpuMedians.add(median(cpuMillis.subList(cpuMillis.size() - epochs, cpuMillis.size())));
        }

        double phaseMedian(Phase p) {
            List<Double> v = phaseMillis.get(p);
            return v == null ? Double.NaN : median(v);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        // Read by DJL's PyTorch engine when it loads, which is below, after these lines.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(o.threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        if (!Files.isRegularFile(o.script)) {
            throw new IllegalArgumentException(
                    "PyTorch baseline script not found at " + o.script.toAbsolutePath()
                            + "; run from the repository root or pass --script");
        }
        Engine engine = Engine.getEngine("PyTorch");
        Map<Network, Dataset> data = new LinkedHashMap<>();
        for (Network net : o.networks) {
            data.put(net, Dataset.blobs(net, SEED));
        }

        // DJL's Java side needs a few thousand steps before the JIT has compiled its hot paths;
        // without this, the first round would measure code that is still being compiled.
        for (Network net : o.networks) {
            Dataset d = data.get(net);
            for (int batchSize : o.batchSizes) {
                MlpTrainer.trainClassifier(d.xTrain, d.yTrain, d.xVal, d.yVal, net.classes(),
                        Options.config(net, batchSize, o.jvmWarmupEpochs), TrainingListener.NONE);
            }
        }

        Map<String, Samples> hone = new LinkedHashMap<>();
        Map<String, Samples> timed = new LinkedHashMap<>();
        Map<String, Samples> torch = new LinkedHashMap<>();
        JsonNode torchInfo = null;
        for (Network net : o.networks) {
            Path dir = Files.createTempDirectory("hone-mlp-epoch-bench");
            try {
                data.get(net).writeTo(dir);
                for (int round = 1; round <= o.rounds; round++) {
                    for (int batchSize : o.batchSizes) {
                        MlpConfig cfg = Options.config(net, batchSize, o.warmupEpochs + o.epochs);
                        String key = key(net, batchSize);
                        honeEpochs(data.get(net), net, cfg, o.warmupEpochs, samples(hone, key));
                        if (o.breakdown) {
                            honeBreakdown(data.get(net), net, cfg, o.warmupEpochs, samples(timed, key));
                        }
                        torchInfo = pyTorchEpochs(o, net, dir, batchSize, samples(torch, key));
                    }
                }
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        }
        report(o, engine, torchInfo, hone, timed, torch);
    }

    private static String key(Network net, int batchSize) {
        return net + " b" + batchSize;
    }

    private static Samples samples(Map<String, Samples> byKey, String key) {
        return byKey.computeIfAbsent(key, k -> new Samples());
    }

    /**
     * Trains with MlpTrainer. An epoch runs from one {@code onEpoch} call to the next, so the first
     * epoch is never measured.
     */
    private static void honeEpochs(Dataset d, Network net, MlpConfig cfg, int warmupEpochs, Samples into) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<long[]> epochEnds = new ArrayList<>();
        TrainingResult r = MlpTrainer.trainClassifier(d.xTrain, d.yTrain, d.xVal, d.yVal, net.classes(), cfg,
                m -> epochEnds.add(new long[] {System.nanoTime(), threads.getCurrentThreadCpuTime()}));
        for (int e = warmupEpochs; e < epochEnds.size(); e++) {
            long[] from = epochEnds.get(e - 1);
            long[] to = epochEnds.get(e);
            into.addEpoch((to[0] - from[0]) / 1e6, (to[1] - from[1]) / 1e6);
        }
        into.endRound(epochEnds.size() - warmupEpochs);
        into.lastAccuracy = r.history().getLast().validationMetric();
    }

    /** Runs the Python baseline; returns its whole answer (versions, thread settings). */
    private static JsonNode pyTorchEpochs(Options o, Network net, Path dir, int batchSize, Samples into)
            throws IOException, InterruptedException {
        List<String> command = List.of(o.python.toString(), o.script.toString(),
                "--data", dir.toString(), "--features", Integer.toString(net.features()),
                "--classes", Integer.toString(net.classes()),
                "--hidden", String.join(",", net.hidden().stream().map(String::valueOf).toList()),
                "--dropout", Double.toString(DROPOUT), "--weight-decay", Double.toString(WEIGHT_DECAY),
                "--lr", Double.toString(LEARNING_RATE), "--batch-size", Integer.toString(batchSize),
                "--warmup-epochs", Integer.toString(o.warmupEpochs), "--epochs", Integer.toString(o.epochs),
                "--threads", Integer.toString(o.threads), "--seed", Long.toString(SEED));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // Debian's torch calls OpenBLAS, which has its own thread pool, for matrix products.
        for (String pool : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            pb.environment().put(pool, Integer.toString(o.threads));
        }
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(
                    "PyTorch baseline failed with exit code " + exit + ": " + String.join(" ", command));
        }
        String[] lines = stdout.strip().split("\n");
        JsonNode answer = new ObjectMapper().readTree(lines[lines.length - 1]);

        List<Double> wall = doubles(answer.get("epoch_ms"));
        List<Double> cpu = doubles(answer.get("epoch_cpu_ms"));
        for (int e = 0; e < wall.size(); e++) {
            into.addEpoch(wall.get(e), cpu.get(e));
            double other = wall.get(e);
            for (Phase phase : Phase.values()) {
                if (phase.pythonKey != null) {
                    double millis = answer.get("phase_ms").get(phase.pythonKey).get(e).asDouble();
                    into.addPhase(phase, millis);
                    other -= millis;
                }
            }
            into.addPhase(Phase.OTHER, other);
        }
        into.endRound(wall.size());
        into.lastAccuracy = answer.get("last_validation_accuracy").asDouble();
        return answer;
    }

    /**
     * MlpTrainer's epoch loop (trainLocked and step), call for call, with a clock between the calls.
     * Keep in step with MlpTrainer and MlpBlocks.
     */
    private static void honeBreakdown(Dataset d, Network net, MlpConfig cfg, int warmupEpochs, Samples into) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SequentialBlock block = new SequentialBlock();
        for (int width : cfg.hiddenLayers()) {
            block.add(Linear.builder().setUnits(width).build());
            block.add(ai.djl.nn.Activation.reluBlock());
            block.add(Dropout.builder().optRate((float) cfg.dropout()).build());
        }
        block.add(Linear.builder().setUnits(net.classes()).build());
        Set<String> weightIds = new HashSet<>();
        for (Parameter p : block.getParameters().values()) {
            if (p.getType() == Parameter.Type.WEIGHT) {
                weightIds.add(p.getId());
            }
        }
        // MlpTrainer's loss: sum(logSoftmax(z) * T), T holding -1/rows at each row's class.
        Loss loss = new Loss("TargetCrossEntropy") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                return predictions.singletonOrThrow().logSoftmax(1).mul(labels.singletonOrThrow()).sum();
            }
        };
        ai.djl.training.optimizer.Optimizer optimizer = MlpTrainer.optimizer(cfg, weightIds);
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optDevices(new Device[] {Device.cpu()})
                .optOptimizer(optimizer);
        List<Parameter> parameters = List.copyOf(block.getParameters().values());
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
                trainer.initialize(new Shape(cfg.batchSize(), net.features()));
                NDArray valX = toMatrix(dataManager, d.xVal, null);
                NDArray valY = targets(dataManager, d.yVal, null, net.classes());

                for (int epoch = 1; epoch <= cfg.maxEpochs(); epoch++) {
                    long[] spent = new long[Phase.values().length];
                    long startCpu = threads.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    shuffle(order, shuffler);
                    spent[Phase.BATCH.ordinal()] += System.nanoTime() - start;
                    try (NDManager batchLosses = trainer.getManager().newSubManager()) {
                        NDList losses = new NDList(batches);
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
                                NDArray input = toMatrix(batch, d.xTrain, rows);
                                NDArray labels = targets(batch, d.yTrain, rows, net.classes());
                                t1 = System.nanoTime();
                                try (GradientCollector collector = trainer.newGradientCollector()) {
                                    NDArray output = trainer.forward(new NDList(input)).singletonOrThrow();
                                    t2 = System.nanoTime();
                                    NDArray dataLoss =
                                            trainer.getLoss().evaluate(new NDList(labels), new NDList(output));
                                    t3 = System.nanoTime();
                                    collector.backward(dataLoss);
                                    t4 = System.nanoTime();
                                    NDArray kept = dataLoss.stopGradient();
                                    kept.attach(batchLosses);
                                    losses.add(kept);
                                }
                                t5 = System.nanoTime();
                            }
                            long t6 = System.nanoTime();
                            for (Parameter p : parameters) {
                                NDArray w = p.getArray();
                                try (NDArray gradient = w.getGradient()) {
                                    optimizer.update(p.getId(), w, gradient);
                                }
                            }
                            long t7 = System.nanoTime();
                            spent[Phase.BATCH.ordinal()] += t1 - t0;
                            spent[Phase.FORWARD.ordinal()] += t2 - t1;
                            spent[Phase.LOSS.ordinal()] += t3 - t2;
                            spent[Phase.BACKWARD.ordinal()] += t4 - t3;
                            spent[Phase.READ_LOSS.ordinal()] += t5 - t4;
                            spent[Phase.FREE.ordinal()] += t6 - t5;
                            spent[Phase.STEP.ordinal()] += t7 - t6;
                        }
                        long r0 = System.nanoTime();
                        NDArrays.stack(losses).toFloatArray();
                        spent[Phase.READ_LOSS.ordinal()] += System.nanoTime() - r0;
                    }

                    long v0 = System.nanoTime();
                    double validationLoss;
                    try (NDManager eval = trainer.getManager().newSubManager()) {
                        eval.tempAttachAll(valX, valY);
                        NDArray out = trainer.evaluate(new NDList(valX)).singletonOrThrow();
                        validationLoss =
                                trainer.getLoss().evaluate(new NDList(valY), new NDList(out)).getFloat();
                        long[] predicted = out.argMax(1).toLongArray();
                        long correct = 0;
                        for (int i = 0; i < predicted.length; i++) {
                            correct += predicted[i] == d.yVal[i] ? 1 : 0;
                        }
                        into.lastAccuracy = (double) correct / predicted.length;
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
                    long elapsedCpu = threads.getCurrentThreadCpuTime() - startCpu;

                    if (epoch > warmupEpochs) {
                        long timed = 0;
                        for (Phase p : Phase.values()) {
                            timed += spent[p.ordinal()];
                        }
                        spent[Phase.OTHER.ordinal()] = elapsed - timed;
                        for (Phase p : Phase.values()) {
                            into.addPhase(p, spent[p.ordinal()] / 1e6);
                        }
                        into.addEpoch(elapsed / 1e6, elapsedCpu / 1e6);
                    }
                }
            }
        }
        into.endRound(cfg.maxEpochs() - warmupEpochs);
    }

    /** Rows (all when {@code rows} is null) as a float32 matrix, as MlpTrainer.toMatrix does. */
    private static NDArray toMatrix(NDManager m, float[][] x, int[] rows) {
        int count = rows == null ? x.length : rows.length;
        int features = x[0].length;
        float[] flat = new float[count * features];
        for (int i = 0; i < count; i++) {
            System.arraycopy(x[rows == null ? i : rows[i]], 0, flat, i * features, features);
        }
        return m.create(flat, new Shape(count, features));
    }

    /** The loss's targets of the rows (all when null): -1/rows at each row's class, as MlpTrainer builds them. */
    private static NDArray targets(NDManager m, int[] y, int[] rows, int classes) {
        int count = rows == null ? y.length : rows.length;
        float[] t = new float[count * classes];
        for (int i = 0; i < count; i++) {
            t[i * classes + y[rows == null ? i : rows[i]]] = -1f / count;
        }
        return m.create(t, new Shape(count, classes));
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
            Options o, Engine engine, JsonNode torchInfo, Map<String, Samples> hone,
            Map<String, Samples> timed, Map<String, Samples> torch) {
        OUT.printf("MLP training epoch: networks %s, ReLU, dropout %s, L2 %s on the weights, Adam %s;"
                        + " %d train + %d validation rows (Gaussian blobs)%n",
                o.networks, DROPOUT, WEIGHT_DECAY, LEARNING_RATE, ROWS - VALIDATION_ROWS, VALIDATION_ROWS);
        OUT.printf("Hone:    DJL %s, libtorch %s, intra-op threads %d, inter-op threads %d, Java %s%n",
                Engine.getDjlVersion(), engine.getVersion(), JniUtils.getNumThreads(),
                JniUtils.getNumInteropThreads(), Runtime.version());
        OUT.printf("PyTorch: torch %s (%s), intra-op threads %d, inter-op threads %d,"
                        + " OMP/OPENBLAS/MKL_NUM_THREADS=%d%n",
                torchInfo.get("torch_version").asText(), o.python, torchInfo.get("intra_op_threads").asInt(),
                torchInfo.get("inter_op_threads").asInt(), o.threads);
        OUT.printf("%d rounds; per round, network, side and batch size one training of %d warm-up + %d measured"
                        + " epochs (Hone after %d JVM warm-up epochs); medians over all measured epochs.%n"
                        + "CPU = CPU time of the training thread: less disturbed by other processes, and"
                        + " the whole work only with 1 thread.%n%n",
                o.rounds, o.warmupEpochs, o.epochs, o.jvmWarmupEpochs);

        OUT.println("| network, batch | Hone ms/epoch | PyTorch ms/epoch | Hone/PyTorch | Hone CPU ms | PyTorch CPU ms"
                + " | Hone/PyTorch (CPU) | fastest rounds Hone/PyTorch | val. accuracy Hone / PyTorch |");
        OUT.println("|---------------:|--------------:|-----------------:|-------------:|------------:|---------------:"
                + "|-------------------:|----------------------------:|-----------------------------:|");
        for (String key : hone.keySet()) {
            Samples h = hone.get(key);
            Samples t = torch.get(key);
            double wall = median(h.wallMillis) / median(t.wallMillis);
            double cpu = median(h.cpuMillis) / median(t.cpuMillis);
            // A busy neighbour slows whole rounds of one side; each side's least disturbed round is steadier.
            double fastest = Collections.min(h.roundMedians) / Collections.min(t.roundMedians);
            OUT.printf("| %14s | %13.1f | %16.1f | %12.2f | %11.1f | %14.1f | %18.2f | %27.2f | %14.3f / %.3f |%n",
                    key, median(h.wallMillis), median(t.wallMillis), wall,
                    median(h.cpuMillis), median(t.cpuMillis), cpu, fastest, h.lastAccuracy, t.lastAccuracy);
        }
        OUT.println();
        OUT.println("Per round, median ms/epoch Hone / PyTorch = ratio (ratio of CPU times):");
        for (String key : hone.keySet()) {
            StringBuilder line = new StringBuilder(String.format("  %s:", key));
            Samples h = hone.get(key);
            Samples t = torch.get(key);
            for (int r = 0; r < h.roundMedians.size(); r++) {
                line.append(String.format("  %.1f / %.1f = %.2f (%.2f)", h.roundMedians.get(r),
                        t.roundMedians.get(r), h.roundMedians.get(r) / t.roundMedians.get(r),
                        h.roundCpuMedians.get(r) / t.roundCpuMedians.get(r)));
            }
            OUT.println(line);
        }
        OUT.println();
        if (!o.breakdown) {
            return;
        }

        OUT.println("Where an epoch goes, median ms per epoch. Hone: MlpTrainer's loop re-run here with"
                + " wall-clock timers between its DJL calls; PyTorch: the baseline's own timers.");
        StringBuilder header = new StringBuilder(String.format("| %-36s |", "phase"));
        StringBuilder rule = new StringBuilder("|" + "-".repeat(38) + "|");
        for (String key : hone.keySet()) {
            header.append(String.format(" Hone %s | PyTorch |", key));
            rule.append("-".repeat(key.length() + 7)).append(":|--------:|");
        }
        OUT.println(header);
        OUT.println(rule);
        for (Phase p : Phase.values()) {
            StringBuilder line = new StringBuilder(String.format("| %-36s |", p.label));
            for (String key : hone.keySet()) {
                double t = torch.get(key).phaseMedian(p);
                line.append(String.format(" %" + (key.length() + 5) + ".1f | %7s |", timed.get(key).phaseMedian(p),
                        Double.isNaN(t) ? "(other)" : String.format("%.1f", t)));
            }
            OUT.println(line);
        }
        // The re-run against MlpTrainer itself (PyTorch has one loop, so it repeats), then per step.
        StringBuilder rerun = new StringBuilder(String.format("| %-36s |", "epoch, this re-run"));
        StringBuilder trainer = new StringBuilder(String.format("| %-36s |", "epoch, MlpTrainer (table 1)"));
        StringBuilder rerunCpu = new StringBuilder(String.format("| %-36s |", "epoch CPU, this re-run"));
        StringBuilder trainerCpu = new StringBuilder(String.format("| %-36s |", "epoch CPU, MlpTrainer"));
        StringBuilder steps = new StringBuilder(String.format("| %-36s |", "us per step, forward to Adam"));
        for (String key : hone.keySet()) {
            int width = key.length() + 5;
            Samples t = torch.get(key);
            rerun.append(String.format(" %" + width + ".1f | %7.1f |", median(timed.get(key).wallMillis),
                    median(t.wallMillis)));
            trainer.append(String.format(" %" + width + ".1f | %7.1f |", median(hone.get(key).wallMillis),
                    median(t.wallMillis)));
            rerunCpu.append(String.format(" %" + width + ".1f | %7.1f |", median(timed.get(key).cpuMillis),
                    median(t.cpuMillis)));
            trainerCpu.append(String.format(" %" + width + ".1f | %7.1f |", median(hone.get(key).cpuMillis),
                    median(t.cpuMillis)));
            int batchSize = Integer.parseInt(key.substring(key.lastIndexOf(" b") + 2));
            int batches = (ROWS - VALIDATION_ROWS + batchSize - 1) / batchSize;
            steps.append(String.format(" %" + width + ".0f | %7.0f |",
                    perStepMicros(timed.get(key), batches), perStepMicros(t, batches)));
        }
        for (StringBuilder line : List.of(rerun, trainer, rerunCpu, trainerCpu, steps)) {
            OUT.println(line);
        }
    }

    /** Forward, loss, backward and optimizer step of one mini-batch. */
    private static double perStepMicros(Samples s, int batches) {
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
