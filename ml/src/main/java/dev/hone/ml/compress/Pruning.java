package dev.hone.ml.compress;

import dev.hone.ml.model.DenseNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Magnitude pruning of a {@link DenseNetwork}, without training (fine-tuning afterwards is the
 * trainer's: {@link dev.hone.ml.model.MlpTrainer#fineTuneClassifier} keeps zeroed weights at zero).
 * <ul>
 *   <li>{@link #unstructured}: in every layer, the weights of smallest magnitude become zero; the network
 *       keeps its shape (smaller only where zeros are stored sparsely or compressed);</li>
 *   <li>{@link #structured}: whole hidden units go, those contributing least (the norm of the weights into
 *       the unit times the norm of the weights out of it), so the dense network really shrinks.</li>
 * </ul>
 * Both are deterministic: ties go to the lower index.
 */
public final class Pruning {

    private Pruning() {}

    /**
     * Zeroes the {@code floor(sparsity * n)} weights of smallest magnitude in each layer of {@code n} weights
     * (biases are kept), counting weights that are zero already.
     *
     * @param sparsity the fraction of each layer's weights that is zero afterwards, in [0, 1)
     */
    public static DenseNetwork unstructured(DenseNetwork network, double sparsity) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), was " + sparsity);
        }
        List<DenseNetwork.Layer> out = new ArrayList<>();
        for (DenseNetwork.Layer layer : network.layers()) {
            float[] w = layer.weights().clone();
            int prune = (int) Math.floor(sparsity * w.length);
            Integer[] order = IntStream.range(0, w.length).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer k) -> Math.abs(w[k])).thenComparingInt(k -> k));
            for (int k = 0; k < prune; k++) {
                w[order[k]] = 0f;
            }
            out.add(new DenseNetwork.Layer(layer.inputs(), layer.outputs(), w, layer.bias().clone()));
        }
        return new DenseNetwork(out, network.activation(), network.classifier());
    }

    /**
     * Removes {@code round(fraction * width)} units from each hidden layer (at least one unit stays), those
     * with the smallest {@code |weights in| * |weights out|}: a unit whose outgoing weights are all zero
     * goes first, and removing it changes no prediction.
     *
     * @param fraction the share of each hidden layer's units removed, in [0, 1)
     */
    public static DenseNetwork structured(DenseNetwork network, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1), was " + fraction);
        }
        List<DenseNetwork.Layer> layers = new ArrayList<>(network.layers());
        for (int l = 0; l < layers.size() - 1; l++) {
            DenseNetwork.Layer into = layers.get(l);
            DenseNetwork.Layer outOf = layers.get(l + 1);
            int width = into.outputs();
            int remove = Math.min(width - 1, (int) Math.round(fraction * width));
            if (remove == 0) {
                continue;
            }
            double[] score = new double[width];
            for (int j = 0; j < width; j++) {
                double in = 0;
                for (int i = 0; i < into.inputs(); i++) {
                    in += Math.pow(into.weight(j, i), 2);
                }
                double out = 0;
                for (int k = 0; k < outOf.outputs(); k++) {
                    out += Math.pow(outOf.weight(k, j), 2);
                }
                score[j] = Math.sqrt(in) * Math.sqrt(out);
            }
            Integer[] order = IntStream.range(0, width).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer j) -> score[j]).thenComparingInt(j -> j));
            boolean[] dropped = new boolean[width];
            for (int k = 0; k < remove; k++) {
                dropped[order[k]] = true;
            }
            int[] kept = IntStream.range(0, width).filter(j -> !dropped[j]).toArray();
            layers.set(l, keepOutputs(into, kept));
            layers.set(l + 1, keepInputs(outOf, kept));
        }
        return new DenseNetwork(layers, network.activation(), network.classifier());
    }

    private static DenseNetwork.Layer keepOutputs(DenseNetwork.Layer layer, int[] kept) {
        int n = layer.inputs();
        float[] w = new float[kept.length * n];
        float[] b = new float[kept.length];
        for (int k = 0; k < kept.length; k++) {
            System.arraycopy(layer.weights(), kept[k] * n, w, k * n, n);
            b[k] = layer.bias()[kept[k]];
        }
        return new DenseNetwork.Layer(n, kept.length, w, b);
    }

    private static DenseNetwork.Layer keepInputs(DenseNetwork.Layer layer, int[] kept) {
        float[] w = new float[layer.outputs() * kept.length];
        for (int j = 0; j < layer.outputs(); j++) {
            for (int k = 0; k < kept.length; k++) {
                w[j * kept.length + k] = layer.weight(j, kept[k]);
            }
        }
        return new DenseNetwork.Layer(kept.length, layer.outputs(), w, layer.bias().clone());
    }

    /** Trains a pruned network further and returns the result: the trainer's fine-tuning, in practice. */
    @FunctionalInterface
    public interface FineTune {
        DenseNetwork apply(DenseNetwork pruned, int step);
    }

    /**
     * Prunes in {@code steps} steps of the cubic schedule ({@link #scheduledSparsity}), fine-tuning after
     * each, to {@code target}: the share of weights that are zero (unstructured) or of hidden units that are
     * gone (structured) at the end, counted against the network given.
     */
    public static DenseNetwork iterative(DenseNetwork network, double target, int steps, boolean structured,
            FineTune fineTune) {
        if (!(target >= 0 && target < 1)) {
            throw new IllegalArgumentException("the target must be in [0, 1), was " + target);
        }
        DenseNetwork current = network;
        double done = 0;
        for (int step = 1; step <= steps; step++) {
            double sparsity = scheduledSparsity(target, step, steps);
            current = structured ? structured(current, 1 - (1 - sparsity) / (1 - done))
                    : unstructured(current, sparsity);
            current = fineTune.apply(current, step);
            done = sparsity;
        }
        return current;
    }

    /**
     * The sparsity after step {@code step} of {@code steps} on the way to {@code target}: the cubic schedule
     * of Zhu and Gupta (2017), {@code target * (1 - (1 - step / steps)^3)}, which prunes most at first, while
     * the network has the most redundant weights, and least at the end.
     */
    public static double scheduledSparsity(double target, int step, int steps) {
        if (steps < 1 || step < 0 || step > steps) {
            throw new IllegalArgumentException("step " + step + " of " + steps);
        }
        return target * (1 - Math.pow(1 - (double) step / steps, 3));
    }
}
