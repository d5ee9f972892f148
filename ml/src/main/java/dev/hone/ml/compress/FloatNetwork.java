package dev.hone.ml.compress;

import dev.hone.ml.model.DenseNetwork;
import dev.hone.vocabulary.Activation;
import java.util.List;

/**
 * A float network's forward pass in plain Java with the Vector API: the weights packed in panels
 * ({@link DenseKernel}), the same arithmetic as the engine's in float32 (sums may round in another order,
 * within 1e-5 of it on trained networks). No engine call, so a small network answers a row in a microsecond
 * or less where a native call costs 10-16 us (docs/benchmarks.md); a network that is smaller after pruning
 * or distillation saves its share of multiplies, less a fixed cost of a call (the row in and out, softmax), where
 * the engine's per-call cost hid the saving altogether.
 *
 * <p>Each layer works on the previous one's outputs as the kernel leaves them, padded to a whole vector
 * (the padding's weights are zero), bias and ReLU applied as the kernel stores them: no copy between layers,
 * and one row is read where it lies.
 *
 * <p>Thread-safe: predictions only read the packed weights.
 */
public final class FloatNetwork {

    private final DenseNetwork network;
    private final float[][] packed;
    /** Per layer, its biases padded with zeros to its stride. */
    private final float[][] biases;
    private final int[] strides;

    private FloatNetwork(DenseNetwork network) {
        this.network = network;
        List<DenseNetwork.Layer> layers = network.layers();
        int lanes = Forward.KERNEL.lanes();
        this.packed = new float[layers.size()][];
        this.biases = new float[layers.size()][];
        this.strides = new int[layers.size()];
        int width = network.inputSize();
        for (int l = 0; l < packed.length; l++) {
            DenseNetwork.Layer layer = layers.get(l);
            strides[l] = Forward.stride(layer.outputs());
            packed[l] = Forward.pack(layer.weights(), layer.inputs(), width, layer.outputs(), lanes);
            biases[l] = java.util.Arrays.copyOf(layer.bias(), strides[l]);
            width = strides[l];
        }
    }

    /** The network with its weights packed for the kernel (a copy: later changes to it are not seen). */
    public static FloatNetwork of(DenseNetwork network) {
        return new FloatNetwork(network);
    }

    public DenseNetwork network() {
        return network;
    }

    public int inputSize() {
        return network.inputSize();
    }

    public int outputSize() {
        return network.outputSize();
    }

    public boolean classifier() {
        return network.classifier();
    }

    /** Class probabilities, or the standardized regression value in column 0. */
    public float[][] predict(float[][] x) {
        int rows = x.length;
        if (rows == 0) {
            return new float[0][];
        }
        float[] values = Forward.flatten(x, inputSize());
        int width = inputSize();
        int last = packed.length - 1;
        for (int l = 0; l <= last; l++) {
            int stride = strides[l];
            float[] out = new float[rows * stride];
            boolean hidden = l < last;
            boolean relu = hidden && network.activation() == Activation.RELU;
            Forward.KERNEL.dense(packed[l], width, stride, biases[l], values, rows, out, relu);
            if (hidden && !relu) {
                DenseNetwork.activate(network.activation(), out);
            }
            values = out;
            width = stride;
        }
        return Forward.rows(values, rows, width, outputSize(), classifier());
    }
}
