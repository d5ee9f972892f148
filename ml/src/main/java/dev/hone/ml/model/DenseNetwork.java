package dev.hone.ml.model;

import dev.hone.vocabulary.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A trained multilayer perceptron as plain Java arrays: what compression reads and rewrites
 * (pruning zeroes weights or removes hidden units, quantization turns weights into int8), and a
 * float forward pass in plain Java that is the reference the compressed forms are checked against.
 *
 * <p>Layer {@code l} maps {@code layers.get(l).inputs()} values to {@code outputs()} values:
 * {@code y[j] = bias[j] + sum_i weights[j * inputs + i] * x[i]}; every layer but the last is followed
 * by the activation. A classifier's outputs go through softmax, as {@link MlpModel#predictRaw} does.
 *
 * @param activation the non-linearity after each hidden layer
 * @param classifier whether the last layer's outputs are class logits
 */
public record DenseNetwork(List<Layer> layers, Activation activation, boolean classifier) {

    /**
     * One fully connected layer.
     *
     * @param weights row-major, one row of {@code inputs} weights per output unit
     */
    public record Layer(int inputs, int outputs, float[] weights, float[] bias) {

        public Layer {
            if (inputs < 1 || outputs < 1) {
                throw new IllegalArgumentException("a layer needs at least one input and one output, had " + inputs
                        + " and " + outputs);
            }
            if (weights.length != (long) inputs * outputs || bias.length != outputs) {
                throw new IllegalArgumentException("a " + inputs + " x " + outputs + " layer needs "
                        + (long) inputs * outputs + " weights and " + outputs + " biases, had " + weights.length
                        + " and " + bias.length);
            }
        }

        /** The weight from input {@code i} to output {@code j}. */
        public float weight(int j, int i) {
            return weights[j * inputs + i];
        }
    }

    public DenseNetwork {
        layers = List.copyOf(layers);
        Objects.requireNonNull(activation, "activation");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).inputs() != layers.get(l - 1).outputs()) {
                throw new IllegalArgumentException("layer " + l + " takes " + layers.get(l).inputs()
                        + " inputs but layer " + (l - 1) + " gives " + layers.get(l - 1).outputs());
            }
        }
    }

    public int inputSize() {
        return layers.getFirst().inputs();
    }

    public int outputSize() {
        return layers.getLast().outputs();
    }

    /** Widths of the hidden layers, input side first. */
    public List<Integer> hiddenLayers() {
        List<Integer> widths = new ArrayList<>();
        for (int l = 0; l < layers.size() - 1; l++) {
            widths.add(layers.get(l).outputs());
        }
        return widths;
    }

    /** Weights and biases. */
    public long parameterCount() {
        long n = 0;
        for (Layer layer : layers) {
            n += layer.weights().length + layer.bias().length;
        }
        return n;
    }

    /** Weights that are not zero (biases are not counted). */
    public long nonZeroWeights() {
        long n = 0;
        for (Layer layer : layers) {
            for (float w : layer.weights()) {
                n += w != 0f ? 1 : 0;
            }
        }
        return n;
    }

    /** Weights, zero or not (biases are not counted). */
    public long weightCount() {
        long n = 0;
        for (Layer layer : layers) {
            n += layer.weights().length;
        }
        return n;
    }

    /** Class probabilities, or the standardized regression value in column 0, computed in float in plain Java. */
    public float[][] predict(float[][] x) {
        float[][] out = new float[x.length][];
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != inputSize()) {
                throw new IllegalArgumentException("Row " + r + " has " + x[r].length + " features; the model takes "
                        + inputSize());
            }
            float[] values = x[r];
            for (int l = 0; l < layers.size(); l++) {
                values = forward(layers.get(l), values);
                if (l < layers.size() - 1) {
                    activate(activation, values);
                }
            }
            if (classifier) {
                softmax(values);
            }
            out[r] = values;
        }
        return out;
    }

    /** The values each layer receives for these rows: {@code [layer][row][input]}, layer 0 being the rows. */
    public float[][][] layerInputs(float[][] x) {
        float[][][] inputs = new float[layers.size()][x.length][];
        for (int r = 0; r < x.length; r++) {
            float[] values = x[r];
            for (int l = 0; l < layers.size(); l++) {
                inputs[l][r] = values;
                if (l < layers.size() - 1) {
                    values = forward(layers.get(l), values);
                    activate(activation, values);
                }
            }
        }
        return inputs;
    }

    private static float[] forward(Layer layer, float[] x) {
        float[] y = new float[layer.outputs()];
        float[] w = layer.weights();
        int n = layer.inputs();
        for (int j = 0; j < y.length; j++) {
            float sum = layer.bias()[j];
            int row = j * n;
            for (int i = 0; i < n; i++) {
                sum += w[row + i] * x[i];
            }
            y[j] = sum;
        }
        return y;
    }

    /** Applies the activation in place, as DJL's blocks compute it (GELU exact, through erf). */
    public static void activate(Activation activation, float[] v) {
        switch (activation) {
            case RELU -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.max(0f, v[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) Math.tanh(v[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (1 / (1 + Math.exp(-v[i])));
                }
            }
            case GELU -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (0.5 * v[i] * (1 + erf(v[i] / Math.sqrt(2))));
                }
            }
        }
    }

    /** Softmax in place, shifted by the largest value so that nothing overflows. */
    public static void softmax(float[] v) {
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / sum);
        }
    }

    /** The error function, to 1.2e-7 (Numerical Recipes' erfc by Chebyshev fitting). */
    public static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
