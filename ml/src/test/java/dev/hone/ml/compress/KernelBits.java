package dev.hone.ml.compress;

import dev.hone.ml.model.DenseNetwork;
import dev.hone.vocabulary.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fixed network's answers as bits, one line per row: run in a JVM of its own with {@code -Xint} by {@link
 * VectorDenseKernelTest}, where the Vector API computes in plain Java, to compare with the compiled kernel's.
 */
final class KernelBits {

    private KernelBits() {
    }

    static DenseNetwork network(boolean classifier) {
        Random random = new Random(21);
        int[] shape = {7, 23, 17, classifier ? 11 : 1};
        List<DenseNetwork.Layer> layers = new ArrayList<>();
        for (int l = 0; l + 1 < shape.length; l++) {
            float[] w = new float[shape[l] * shape[l + 1]];
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) random.nextGaussian();
            }
            float[] b = new float[shape[l + 1]];
            for (int k = 0; k < b.length; k++) {
                b[k] = (float) random.nextGaussian();
            }
            layers.add(new DenseNetwork.Layer(shape[l], shape[l + 1], w, b));
        }
        return new DenseNetwork(layers, Activation.RELU, classifier);
    }

    static float[][] rows() {
        Random random = new Random(22);
        float[][] rows = new float[301][7];
        for (float[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian() * 3;
            }
        }
        return rows;
    }

    /** The answers of the float network and of its int8 form, for the classifier and the regressor, as hex bits. */
    static List<String> answers() {
        List<String> lines = new ArrayList<>();
        for (boolean classifier : new boolean[] {true, false}) {
            DenseNetwork net = network(classifier);
            for (float[][] out : List.of(FloatNetwork.of(net).predict(rows()),
                    Int8Network.quantize(net, rows()).predict(rows()))) {
                for (float[] row : out) {
                    StringBuilder line = new StringBuilder();
                    for (float v : row) {
                        line.append(Integer.toHexString(Float.floatToRawIntBits(v))).append(' ');
                    }
                    lines.add(line.toString().trim());
                }
            }
        }
        return lines;
    }

    public static void main(String[] args) {
        answers().forEach(System.out::println);
    }
}
