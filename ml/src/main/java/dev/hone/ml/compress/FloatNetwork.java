package dev.hone.ml.compress;

import dev.hone.ml.model.DenseNetwork;
import java.util.List;

/**
 * A float network's forward pass in plain Java with the Vector API: the weights packed in panels
 * ({@link DenseKernel}), the same arithmetic as the engine's in float32 (sums may round in another order,
 * within 1e-5 of it on trained networks). No engine call, so a small network answers a row in a microsecond
 * or two where a native call costs 10-16 us (docs/benchmarks.md); a network that is smaller after pruning
 * or distillation is faster by about its share of multiplies, which the engine's fixed cost per call hides.
 *
 * <p>Thread-safe: predictions only read the packed weights.
 */
public final class FloatNetwork {

    private final DenseNetwork network;
    private final float[][] packed;

    private FloatNetwork(DenseNetwork network) {
        this.network = network;
        List<DenseNetwork.Layer> layers = network.layers();
        this.packed = new float[layers.size()][];
        for (int l = 0; l < packed.length; l++) {
            DenseNetwork.Layer layer = layers.get(l);
            packed[l] = Forward.pack(layer.weights(), layer.inputs(), layer.outputs(), Forward.KERNEL.lanes());
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
        List<DenseNetwork.Layer> layers = network.layers();
        for (int l = 0; l < layers.size(); l++) {
            DenseNetwork.Layer layer = layers.get(l);
            int outputs = layer.outputs();
            int stride = packed[l].length / layer.inputs();
            float[] acc = new float[rows * stride];
            Forward.KERNEL.multiplyFloat(packed[l], layer.inputs(), stride, values, rows, acc);
            float[] next = new float[rows * outputs];
            float[] bias = layer.bias();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < outputs; j++) {
                    next[r * outputs + j] = acc[r * stride + j] + bias[j];
                }
            }
            values = next;
            if (l < layers.size() - 1) {
                DenseNetwork.activate(network.activation(), values);
            }
        }
        return Forward.rows(values, rows, outputSize(), classifier());
    }
}
