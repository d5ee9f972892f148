package dev.hone.ml.validation;

import dev.hone.ml.model.DenseNetwork;
import java.util.List;

/**
 * Gradients of a network's output with respect to one row's inputs, by back-propagation in plain Java through
 * the dense layers and their activation (GELU exact, as the forward pass). What attacks and integrated gradients
 * need; unlike the engine's gradient recording (one per JVM), any number of threads may compute them at once.
 */
public final class InputGradient {

    private InputGradient() {
    }

    /**
     * What to differentiate, given the network's last-layer outputs {@code z} for the row (logits for a
     * classifier, the standardized value for a regressor): returns {@code d(objective) / dz}.
     */
    @FunctionalInterface
    public interface Objective {
        double[] outputGradient(double[] z);
    }

    /** A classifier's cross-entropy against class {@code label}: {@code softmax(z) - onehot(label)}. */
    public static Objective crossEntropy(int label) {
        return z -> {
            double[] p = softmax(z);
            p[label] -= 1;
            return p;
        };
    }

    /** A classifier's probability of class {@code c}: {@code p_c (onehot(c) - softmax(z))}. */
    public static Objective probability(int c) {
        return z -> {
            double[] p = softmax(z);
            double pc = p[c];
            double[] g = new double[z.length];
            for (int k = 0; k < z.length; k++) {
                g[k] = pc * ((k == c ? 1 : 0) - p[k]);
            }
            return g;
        };
    }

    /** A regressor's squared error against {@code target}, halved: {@code z - target}. */
    public static Objective squaredError(double target) {
        return z -> new double[] {z[0] - target};
    }

    /** A regressor's output itself. */
    public static Objective output() {
        return z -> new double[] {1};
    }

    /** The gradient of {@code objective} with respect to {@code x}. */
    public static double[] of(DenseNetwork network, float[] x, Objective objective) {
        List<DenseNetwork.Layer> layers = network.layers();
        if (x.length != network.inputSize()) {
            throw new IllegalArgumentException("The row has " + x.length + " features; the model takes "
                    + network.inputSize());
        }
        int count = layers.size();
        double[][] inputs = new double[count][];
        double[][] pre = new double[count][];
        double[] h = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            h[i] = x[i];
        }
        for (int l = 0; l < count; l++) {
            DenseNetwork.Layer layer = layers.get(l);
            inputs[l] = h;
            double[] a = new double[layer.outputs()];
            for (int j = 0; j < a.length; j++) {
                double sum = layer.bias()[j];
                for (int i = 0; i < layer.inputs(); i++) {
                    sum += layer.weight(j, i) * h[i];
                }
                a[j] = sum;
            }
            pre[l] = a;
            h = l < count - 1 ? activate(network, a) : a;
        }
        double[] g = objective.outputGradient(h);
        for (int l = count - 1; l >= 0; l--) {
            DenseNetwork.Layer layer = layers.get(l);
            if (l < count - 1) {
                double[] derivative = derivative(network, pre[l]);
                for (int j = 0; j < g.length; j++) {
                    g[j] *= derivative[j];
                }
            }
            double[] back = new double[layer.inputs()];
            for (int j = 0; j < layer.outputs(); j++) {
                if (g[j] != 0) {
                    for (int i = 0; i < layer.inputs(); i++) {
                        back[i] += layer.weight(j, i) * g[j];
                    }
                }
            }
            g = back;
        }
        return g;
    }

    private static double[] activate(DenseNetwork network, double[] a) {
        double[] h = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double v = a[i];
            h[i] = switch (network.activation()) {
                case RELU -> Math.max(0, v);
                case TANH -> Math.tanh(v);
                case SIGMOID -> 1 / (1 + Math.exp(-v));
                case GELU -> 0.5 * v * (1 + DenseNetwork.erf(v / Math.sqrt(2)));
            };
        }
        return h;
    }

    private static double[] derivative(DenseNetwork network, double[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double v = a[i];
            d[i] = switch (network.activation()) {
                case RELU -> v > 0 ? 1 : 0;
                case TANH -> 1 - Math.tanh(v) * Math.tanh(v);
                case SIGMOID -> {
                    double s = 1 / (1 + Math.exp(-v));
                    yield s * (1 - s);
                }
                // d/dv [v Phi(v)] = Phi(v) + v phi(v)
                case GELU -> 0.5 * (1 + DenseNetwork.erf(v / Math.sqrt(2))) + v * Math.exp(-v * v / 2)
                        / Math.sqrt(2 * Math.PI);
            };
        }
        return d;
    }

    static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
