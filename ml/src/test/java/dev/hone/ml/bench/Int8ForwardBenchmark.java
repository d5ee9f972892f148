package dev.hone.ml.bench;

import dev.hone.ml.compress.FloatNetwork;
import dev.hone.ml.compress.Int8Access;
import dev.hone.ml.compress.Int8Network;
import dev.hone.ml.model.DenseNetwork;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpModel;
import dev.hone.vocabulary.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Forward-pass speed of one MLP four ways, measured in the same run: float32 through DJL (the
 * engine's forward), float32 in plain scalar Java ({@link DenseNetwork}, the reference), float32 with the
 * Vector API ({@link FloatNetwork}) and int8 ({@link Int8Network}), with the kernel this JVM runs. Prints the
 * median batch-1 latency and the batch-64 throughput of each, and their ratios to DJL's. Arguments: network
 * shapes such as {@code 36-64-64-6} (inputs, hidden widths, outputs); a default list without.
 *
 * <pre>
 * MAVEN_OPTS="--enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -Dai.djl.offline=true" \
 *   ./mvnw -q -B -pl ml test-compile exec:java -Dexec.mainClass=dev.hone.ml.bench.Int8ForwardBenchmark \
 *   -Dexec.classpathScope=test
 * </pre>
 */
public final class Int8ForwardBenchmark {

    private static final int ROUNDS = 3;

    private Int8ForwardBenchmark() {}

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "int8 kernel: %s; JDK %s%n", Int8Network.kernel(),
                System.getProperty("java.version"));
        List<int[]> shapes = args.length > 0
                ? Arrays.stream(args).map(a -> Arrays.stream(a.split("-")).mapToInt(Integer::parseInt).toArray()).toList()
                : List.of(new int[] {36, 64, 64, 6}, new int[] {36, 13, 13, 6}, new int[] {20, 32, 2},
                        new int[] {100, 256, 256, 10}, new int[] {100, 512, 512, 10}, new int[] {256, 1024, 1024, 10});
        for (int[] shape : shapes) {
            run(shape);
        }
    }

    private static void run(int[] shape) {
        Random random = new Random(3);
        List<DenseNetwork.Layer> layers = new ArrayList<>();
        for (int l = 0; l + 1 < shape.length; l++) {
            int in = shape[l];
            int out = shape[l + 1];
            float[] w = new float[in * out];
            float bound = (float) Math.sqrt(6.0 / in);
            for (int k = 0; k < w.length; k++) {
                w[k] = (random.nextFloat() * 2 - 1) * bound;
            }
            float[] b = new float[out];
            layers.add(new DenseNetwork.Layer(in, out, w, b));
        }
        DenseNetwork net = new DenseNetwork(layers, Activation.RELU, true);
        float[][] rows = new float[4096][shape[0]];
        for (float[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        Int8Network int8 = Int8Network.quantize(net, rows);
        FloatNetwork vector = FloatNetwork.of(net);
        MlpConfig cfg = MlpConfig.defaults(1).withHiddenLayers(net.hiddenLayers());
        try (MlpModel djl = MlpModel.load(MlpModel.parameters(net, cfg), shape[0], net.outputSize(), cfg, true)) {
            System.out.printf(Locale.ROOT, "%nnetwork %s (%d parameters; float %d bytes, int8 artifact %d bytes)%n",
                    Arrays.toString(shape), net.parameterCount(), 4 * net.parameterCount(), int8.write().length);
            for (int round = 1; round <= ROUNDS; round++) {
                System.out.printf(Locale.ROOT, " round %d%n", round);
                double[] base = measure("float32, DJL", djl::predictRaw, rows, null);
                measure("float32, plain Java", net::predict, rows, base);
                measure("float32, Vector API", vector::predict, rows, base);
                measure("int8 weights x int8", int8::predict, rows, base);
                measure("int8 weights x float", x -> Int8Access.predictFloat(int8, x), rows, base);
            }
        }
    }

    private static double[] measure(String name, Function<float[][], float[][]> forward, float[][] rows,
            double[] base) {
        long warm = System.nanoTime() + 10_000_000_000L;
        for (int i = 0; i < 20_000 && System.nanoTime() < warm; i++) { // warm-up: JIT and native, at most 10 s
            forward.apply(new float[][] {rows[i % rows.length]});
            if (i % 10 == 0) {
                forward.apply(Arrays.copyOfRange(rows, 0, 64));
            }
        }
        // 20,000 single rows and 2,000 batches of 64, or as many as 5 s allow (the large networks' slow paths)
        long[] single = new long[20_000];
        int calls = 0;
        long until = System.nanoTime() + 5_000_000_000L;
        while (calls < single.length && (calls < 100 || System.nanoTime() < until)) {
            float[][] one = {rows[calls % rows.length]};
            long t = System.nanoTime();
            forward.apply(one);
            single[calls++] = System.nanoTime() - t;
        }
        single = Arrays.copyOf(single, calls);
        Arrays.sort(single);
        double p50 = single[single.length / 2] / 1000.0;
        int batches = 0;
        long t = System.nanoTime();
        until = t + 5_000_000_000L;
        while (batches < 2_000 && (batches < 20 || System.nanoTime() < until)) {
            int from = (batches * 64) % (rows.length - 64);
            forward.apply(Arrays.copyOfRange(rows, from, from + 64));
            batches++;
        }
        double rowsPerSecond = batches * 64 / ((System.nanoTime() - t) / 1e9);
        System.out.printf(Locale.ROOT, "  %-22s batch 1 p50 %8.2f us%s   batch 64 %,12.0f rows/s%s%n", name, p50,
                base == null ? "        " : String.format(Locale.ROOT, " (%.2fx)", base[0] / p50), rowsPerSecond,
                base == null ? "" : String.format(Locale.ROOT, " (%.2fx)", rowsPerSecond / base[1]));
        return new double[] {p50, rowsPerSecond};
    }
}
