package dev.hone.ml.bench;

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
 * Forward-pass speed of one MLP three ways, measured in the same run: float32 through DJL (the
 * engine's forward, as FLOAT_MLP models are served), float32 in plain Java ({@link DenseNetwork}), and
 * int8 in plain Java ({@link Int8Network}, with the kernel this JVM runs). Prints the median batch-1
 * latency and the batch-64 throughput of each, and their ratios to DJL's.
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
        for (int[] shape : new int[][] {{36, 64, 64, 6}, {100, 256, 256, 10}, {20, 32, 2}}) {
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
        MlpConfig cfg = MlpConfig.defaults(1).withHiddenLayers(net.hiddenLayers());
        try (MlpModel djl = MlpModel.load(MlpModel.parameters(net, cfg), shape[0], net.outputSize(), cfg, true)) {
            System.out.printf(Locale.ROOT, "%nnetwork %s (%d parameters; float %d bytes, int8 artifact %d bytes)%n",
                    Arrays.toString(shape), net.parameterCount(), 4 * net.parameterCount(), int8.write().length);
            for (int round = 1; round <= ROUNDS; round++) {
                System.out.printf(Locale.ROOT, " round %d%n", round);
                double[] base = measure("float32, DJL", djl::predictRaw, rows, null);
                measure("float32, plain Java", net::predict, rows, base);
                measure("int8 weights x int8", int8::predict, rows, base);
                measure("int8 weights x float", x -> Int8Access.predictFloat(int8, x), rows, base);
            }
        }
    }

    private static double[] measure(String name, Function<float[][], float[][]> forward, float[][] rows,
            double[] base) {
        for (int i = 0; i < 20_000; i++) { // warm-up: JIT and native
            forward.apply(new float[][] {rows[i % rows.length]});
            if (i % 10 == 0) {
                forward.apply(Arrays.copyOfRange(rows, 0, 64));
            }
        }
        long[] single = new long[20_000];
        for (int i = 0; i < single.length; i++) {
            float[][] one = {rows[i % rows.length]};
            long t = System.nanoTime();
            forward.apply(one);
            single[i] = System.nanoTime() - t;
        }
        Arrays.sort(single);
        double p50 = single[single.length / 2] / 1000.0;
        int batches = 2_000;
        long t = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            int from = (i * 64) % (rows.length - 64);
            forward.apply(Arrays.copyOfRange(rows, from, from + 64));
        }
        double rowsPerSecond = batches * 64 / ((System.nanoTime() - t) / 1e9);
        System.out.printf(Locale.ROOT, "  %-22s batch 1 p50 %8.2f us%s   batch 64 %,12.0f rows/s%s%n", name, p50,
                base == null ? "        " : String.format(Locale.ROOT, " (%.2fx)", base[0] / p50), rowsPerSecond,
                base == null ? "" : String.format(Locale.ROOT, " (%.2fx)", rowsPerSecond / base[1]));
        return new double[] {p50, rowsPerSecond};
    }
}
