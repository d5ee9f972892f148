package dev.hone.ml.compress;

import dev.hone.ml.model.DenseNetwork;
import dev.hone.vocabulary.Activation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A multilayer perceptron after post-training int8 quantization, with its own forward pass in plain
 * Java and the Vector API (no engine, no JNI): the weights are int8 with one symmetric scale per output
 * unit ({@code w ~ scale[j] * q}, {@code q} in [-127, 127]), and each layer's input range is calibrated on
 * training rows ({@code x ~ inputScale * (q - zeroPoint)}, {@code q} in [0, 255], values outside the range
 * saturate). Two forward paths: int8 weights against float inputs (the default, {@link #predict}), and
 * the full int8 path with 8-bit inputs summed in int. Either way the sums are scaled back to float, the
 * bias added and the activation applied in float. The artifact holds the int8 weights, so it is about a
 * quarter of the float one.
 *
 * <p>Thread-safe: predictions only read the layers.
 */
public final class Int8Network {

    /** Artifact format: magic, then version. */
    private static final int MAGIC = 0x48513801; // "HQ8" 1

    private static final DenseKernel KERNEL = Forward.KERNEL;

    /**
     * One quantized layer.
     *
     * @param weights row-major int8 weights, one row of {@code inputs} per output unit
     * @param weightScales per output unit: its float weights are {@code weightScales[j] * weights[j, i]}
     * @param inputScale the float value of one step of the 8-bit input
     * @param inputZeroPoint the 8-bit input that stands for 0.0
     * @param rowSums per output unit, the sum of its int8 weights (for the zero point)
     */
    record Layer(int inputs, int outputs, byte[] weights, float[] weightScales, float inputScale, int inputZeroPoint,
            float[] bias, int[] rowSums) {
    }

    private final List<Layer> layers;
    private final Activation activation;
    private final boolean classifier;
    private volatile Packed packed;

    private Int8Network(List<Layer> layers, Activation activation, boolean classifier) {
        this.layers = List.copyOf(layers);
        this.activation = activation;
        this.classifier = classifier;
    }

    /**
     * Quantizes a float network, calibrating each layer's input range on these rows (transformed
     * training rows: the range is where the layer's inputs fall on data the network has seen; of many rows,
     * an evenly spaced {@link #CALIBRATION_ROWS}).
     *
     * @throws IllegalArgumentException when there is no calibration row or a row has the wrong width
     */
    public static Int8Network quantize(DenseNetwork network, float[][] calibration) {
        if (calibration.length == 0) {
            throw new IllegalArgumentException("quantization needs at least one calibration row");
        }
        for (int r = 0; r < calibration.length; r++) {
            if (calibration[r].length != network.inputSize()) {
                throw new IllegalArgumentException("calibration row " + r + " has " + calibration[r].length
                        + " features; the network takes " + network.inputSize());
            }
        }
        float[][][] inputs = network.layerInputs(sample(calibration));
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < network.layers().size(); l++) {
            DenseNetwork.Layer layer = network.layers().get(l);
            float[] range = range(inputs[l]);
            float min = range[0];
            float max = range[1];
            float inputScale = max > min ? (max - min) / 255f : 1f;
            int zeroPoint = Math.round(-min / inputScale);
            layers.add(quantizeWeights(layer, inputScale, zeroPoint));
        }
        return new Int8Network(layers, network.activation(), network.classifier());
    }

    /** Calibration looks at most this many rows: the ranges settle long before, and memory stays bounded. */
    static final int CALIBRATION_ROWS = 4096;

    /** Evenly spaced rows, at most {@link #CALIBRATION_ROWS} (all of them when there are fewer). */
    private static float[][] sample(float[][] rows) {
        if (rows.length <= CALIBRATION_ROWS) {
            return rows;
        }
        float[][] out = new float[CALIBRATION_ROWS][];
        for (int k = 0; k < out.length; k++) {
            out[k] = rows[(int) ((long) k * rows.length / CALIBRATION_ROWS)];
        }
        return out;
    }

    /** The share of calibration values left outside a layer's input range, half at each end (they saturate). */
    static final double CLIPPED = 1e-3;

    /**
     * A layer's input range: from the {@link #CLIPPED}/2 quantile of its calibration values to the 1 -
     * {@link #CLIPPED}/2 one, widened to hold 0. Clipping the rarest values keeps one outlier from coarsening
     * the steps every other value is rounded to.
     */
    static float[] range(float[][] rows) {
        int n = 0;
        for (float[] row : rows) {
            n += row.length;
        }
        float[] all = new float[n];
        int k = 0;
        for (float[] row : rows) {
            for (float v : row) {
                all[k++] = Float.isFinite(v) ? v : 0f;
            }
        }
        java.util.Arrays.sort(all);
        int cut = (int) Math.floor(CLIPPED / 2 * n);
        return new float[] {Math.min(0f, all[cut]), Math.max(0f, all[n - 1 - cut])};
    }

    /** Per output unit, the largest weight magnitude maps to 127. */
    private static Layer quantizeWeights(DenseNetwork.Layer layer, float inputScale, int zeroPoint) {
        int n = layer.inputs();
        byte[] q = new byte[layer.weights().length];
        float[] scales = new float[layer.outputs()];
        for (int j = 0; j < layer.outputs(); j++) {
            float maxAbs = 0;
            for (int i = 0; i < n; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(layer.weight(j, i)));
            }
            scales[j] = maxAbs > 0 ? maxAbs / 127f : 1f;
        }
        float[] bias = layer.bias().clone();
        if (halfPrecise(scales) && halfPrecise(bias)) {
            // stored in 16 bits: the network in memory must be the one read back, so round here already
            toHalf(scales);
            toHalf(bias);
        }
        for (int j = 0; j < layer.outputs(); j++) {
            for (int i = 0; i < n; i++) {
                q[j * n + i] = (byte) Math.max(-127, Math.min(127, Math.round(layer.weight(j, i) / scales[j])));
            }
        }
        return new Layer(n, layer.outputs(), q, scales, inputScale, zeroPoint, bias, rowSums(q, n, layer.outputs()));
    }

    /** Smallest magnitude a float16 holds at full precision (its smallest normal number). */
    private static final float HALF_MIN_NORMAL = 0x1p-14f;

    /**
     * Whether 16-bit floats hold these values to their 11 significant bits: each is 0 or a normal float16
     * (between 2^-14 and 65504 in magnitude). A layer's per-unit scales and biases are stored so when they all
     * are, else in 32 bits: at these sizes half a layer's overhead, which is what keeps a small network's int8
     * artifact near a quarter of its float one.
     */
    static boolean halfPrecise(float[] values) {
        for (float v : values) {
            float a = Math.abs(v);
            if (a != 0 && (a < HALF_MIN_NORMAL || a > 65504f || !Float.isFinite(v))) {
                return false;
            }
        }
        return true;
    }

    private static void toHalf(float[] values) {
        for (int k = 0; k < values.length; k++) {
            values[k] = Float.float16ToFloat(Float.floatToFloat16(values[k]));
        }
    }

    private static int[] rowSums(byte[] q, int inputs, int outputs) {
        int[] sums = new int[outputs];
        for (int j = 0; j < outputs; j++) {
            for (int i = 0; i < inputs; i++) {
                sums[j] += q[j * inputs + i];
            }
        }
        return sums;
    }

    public int inputSize() {
        return layers.getFirst().inputs();
    }

    public int outputSize() {
        return layers.getLast().outputs();
    }

    public boolean classifier() {
        return classifier;
    }

    public Activation activation() {
        return activation;
    }

    /** Widths of the hidden layers, input side first. */
    public List<Integer> hiddenLayers() {
        return layers.subList(0, layers.size() - 1).stream().map(Layer::outputs).toList();
    }

    /** Which integer kernel this JVM runs ("vector (S_512_BIT)" or "scalar"). */
    public static String kernel() {
        return KERNEL.name();
    }

    /** The float network these int8 weights stand for (each weight its scale times its int8 value). */
    public DenseNetwork dequantized() {
        List<DenseNetwork.Layer> out = new ArrayList<>();
        for (Layer layer : layers) {
            float[] w = new float[layer.weights().length];
            for (int j = 0; j < layer.outputs(); j++) {
                for (int i = 0; i < layer.inputs(); i++) {
                    w[j * layer.inputs() + i] = layer.weightScales()[j] * layer.weights()[j * layer.inputs() + i];
                }
            }
            out.add(new DenseNetwork.Layer(layer.inputs(), layer.outputs(), w, layer.bias().clone()));
        }
        return new DenseNetwork(out, activation, classifier);
    }

    /**
     * Class probabilities, or the standardized regression value in column 0: float inputs against the
     * int8 weights widened to float in the vector registers (the int8-weight path). As fast here as the full
     * int8 path ({@link #predict(float[][], boolean)}; docs/benchmarks.md) and closer to the float model, as
     * only the weights are rounded.
     */
    public float[][] predict(float[][] x) {
        return predict(x, false);
    }

    /**
     * The forward pass; {@code integerInputs} quantizes each layer's input to 8 bits with its calibrated
     * range and sums in int (the full int8 path), else the float inputs meet the int8 weights widened to
     * float.
     */
    float[][] predict(float[][] x, boolean integerInputs) {
        int rows = x.length;
        if (rows == 0) {
            return new float[0][];
        }
        Packed p = packed();
        float[] values = Forward.flatten(x, inputSize());
        int width = inputSize();
        int last = layers.size() - 1;
        for (int l = 0; l <= last; l++) {
            Layer layer = layers.get(l);
            int stride = p.strides[l];
            float[] out = new float[rows * stride];
            boolean hidden = l < last;
            boolean relu = hidden && activation == Activation.RELU;
            if (integerInputs) {
                int[] acc = new int[rows * stride];
                KERNEL.multiplyInt(p.weights[l], width, stride, quantizeInputs(values, layer), rows, acc);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < layer.outputs(); j++) {
                        float v = (acc[r * stride + j] - layer.inputZeroPoint() * layer.rowSums()[j])
                                * (layer.weightScales()[j] * layer.inputScale()) + layer.bias()[j];
                        out[r * stride + j] = relu ? Math.max(0f, v) : v;
                    }
                }
            } else {
                KERNEL.dense(p.weights[l], p.scales[l], width, stride, p.biases[l], values, rows, out, relu);
            }
            if (hidden && !relu) {
                DenseNetwork.activate(activation, out);
            }
            values = out;
            width = stride;
        }
        return Forward.rows(values, rows, width, outputSize(), classifier);
    }

    /**
     * The layers as the kernel reads them: weights packed in panels ({@link Forward#pack}), each layer taking the
     * previous one's padded outputs (the padding's weights zero), scales and biases padded to the layer's stride.
     */
    private record Packed(byte[][] weights, float[][] scales, float[][] biases, int[] strides) {
    }

    /** Built once, on first use. */
    private Packed packed() {
        Packed p = packed;
        if (p == null) {
            int n = layers.size();
            p = new Packed(new byte[n][], new float[n][], new float[n][], new int[n]);
            int width = inputSize();
            for (int l = 0; l < n; l++) {
                Layer layer = layers.get(l);
                int stride = Forward.stride(layer.outputs());
                p.weights[l] = Forward.pack(layer.weights(), layer.inputs(), width, layer.outputs(), KERNEL.lanes());
                p.scales[l] = java.util.Arrays.copyOf(layer.weightScales(), stride);
                p.biases[l] = java.util.Arrays.copyOf(layer.bias(), stride);
                p.strides[l] = stride;
                width = stride;
            }
            packed = p;
        }
        return p;
    }

    private static int[] quantizeInputs(float[] values, Layer layer) {
        int[] q = new int[values.length];
        float inverse = 1f / layer.inputScale();
        int zero = layer.inputZeroPoint();
        for (int k = 0; k < values.length; k++) {
            float v = values[k];
            // NaN (a value the transform could not encode) saturates like any out-of-range input: to the zero point.
            int level = Float.isNaN(v) ? zero : Math.round(v * inverse) + zero;
            q[k] = Math.max(0, Math.min(255, level));
        }
        return q;
    }

    /**
     * The artifact: the header, then deflated (the int8 weights of a trained network are far from uniform, so
     * they compress) each layer's sizes, input range, per-unit scales and biases (16-bit floats where they fit,
     * {@link #halfPrecise}) and int8 weights.
     */
    public byte[] write() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.writeUTF(activation.name());
            out.writeBoolean(classifier);
            out.writeInt(layers.size());
            for (Layer layer : layers) {
                out.writeInt(layer.inputs());
                out.writeInt(layer.outputs());
                out.writeFloat(layer.inputScale());
                out.writeInt(layer.inputZeroPoint());
                boolean half = halfPrecise(layer.weightScales()) && halfPrecise(layer.bias());
                out.writeBoolean(half);
                writeFloats(out, layer.weightScales(), half);
                writeFloats(out, layer.bias(), half);
                out.write(layer.weights());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            deflater.setInput(body.toByteArray());
            deflater.finish();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    private static void writeFloats(DataOutputStream out, float[] values, boolean half) throws IOException {
        for (float v : values) {
            if (half) {
                out.writeShort(Float.floatToFloat16(v));
            } else {
                out.writeFloat(v);
            }
        }
    }

    private static float[] readFloats(DataInputStream in, int n, boolean half) throws IOException {
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            values[k] = half ? Float.float16ToFloat(in.readShort()) : in.readFloat();
        }
        return values;
    }

    /** The deflated body after the header; refuses a stream that ends early or has bytes after its end. */
    private static byte[] inflate(byte[] content) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(content, 4, content.length - 4);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("the artifact ends before its last layer (truncated)");
                }
                body.write(buffer, 0, n);
            }
            if (inflater.getRemaining() > 0) {
                throw new IllegalArgumentException("the artifact has " + inflater.getRemaining()
                        + " bytes after its last layer (of another network?)");
            }
            return body.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("the artifact's layers are damaged (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
    }

    /**
     * Reads an artifact written by {@link #write}.
     *
     * @throws IllegalArgumentException naming what is wrong when the bytes are not such an artifact
     */
    public static Int8Network read(byte[] content) {
        if (content.length < 4 || ByteBuffer.wrap(content).getInt() != MAGIC) {
            throw new IllegalArgumentException("the artifact is not an int8 network (no HQ8 header)");
        }
        byte[] body = inflate(content);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            Activation activation = Activation.of(in.readUTF());
            boolean classifier = in.readBoolean();
            int count = in.readInt();
            if (count < 1 || count > 64) {
                throw new IllegalArgumentException("the artifact names " + count + " layers");
            }
            List<Layer> layers = new ArrayList<>();
            for (int l = 0; l < count; l++) {
                int inputs = in.readInt();
                int outputs = in.readInt();
                if (inputs < 1 || outputs < 1 || (long) inputs * outputs > body.length) {
                    throw new IllegalArgumentException("layer " + l + " claims " + inputs + " x " + outputs
                            + " weights, more than the artifact's " + body.length + " bytes hold");
                }
                if (l > 0 && inputs != layers.get(l - 1).outputs()) {
                    throw new IllegalArgumentException("layer " + l + " takes " + inputs + " inputs but layer "
                            + (l - 1) + " gives " + layers.get(l - 1).outputs());
                }
                float inputScale = in.readFloat();
                int zeroPoint = in.readInt();
                if (!(inputScale > 0) || !Float.isFinite(inputScale) || zeroPoint < 0 || zeroPoint > 255) {
                    throw new IllegalArgumentException("layer " + l + " has input scale " + inputScale
                            + " and zero point " + zeroPoint);
                }
                boolean half = in.readBoolean();
                float[] scales = readFloats(in, outputs, half);
                float[] bias = readFloats(in, outputs, half);
                byte[] weights = new byte[inputs * outputs];
                in.readFully(weights);
                layers.add(new Layer(inputs, outputs, weights, scales, inputScale, zeroPoint, bias,
                        rowSums(weights, inputs, outputs)));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("the artifact has " + in.available()
                        + " bytes after its last layer (of another network?)");
            }
            return new Int8Network(layers, activation, classifier);
        } catch (EOFException e) {
            throw new IllegalArgumentException("the artifact ends before its last layer (truncated)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
