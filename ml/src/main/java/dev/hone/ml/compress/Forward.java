package dev.hone.ml.compress;

/**
 * What the plain-Java forward passes ({@link FloatNetwork}, {@link Int8Network}) share around the kernel:
 * rows in and out of one flat array, and the weights laid out as {@link DenseKernel} reads them.
 */
final class Forward {

    static final DenseKernel KERNEL = DenseKernel.best();

    private Forward() {
    }

    /**
     * The rows one after another, each checked to have {@code width} features; a single row is the array itself
     * (the kernels only read their inputs).
     */
    static float[] flatten(float[][] x, int width) {
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != width) {
                throw new IllegalArgumentException("Row " + r + " has " + x[r].length + " features; the model takes "
                        + width);
            }
        }
        if (x.length == 1) {
            return x[0];
        }
        float[] values = new float[x.length * width];
        for (int r = 0; r < x.length; r++) {
            System.arraycopy(x[r], 0, values, r * width, width);
        }
        return values;
    }

    /**
     * The last layer's flat outputs ({@code stride} apart, the first {@code outputs} of each, {@code stride} a
     * whole number of the kernel's vectors) as rows, through softmax for a classifier.
     */
    static float[][] rows(float[] values, int rows, int stride, int outputs, boolean classifier) {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            if (classifier) {
                KERNEL.softmax(values, r * stride, outputs);
            }
            out[r] = java.util.Arrays.copyOfRange(values, r * stride, r * stride + outputs);
        }
        return out;
    }

    /** A layer's outputs padded to a multiple of the kernel's lanes. */
    static int stride(int outputs) {
        return stride(outputs, KERNEL.lanes());
    }

    static int stride(int outputs, int lanes) {
        return (outputs + lanes - 1) / lanes * lanes;
    }

    /**
     * Row-major weights ({@code rowMajor[j * inputs + i]}, from input {@code i} to output {@code j}) in panels of
     * {@code lanes} outputs, as {@link DenseKernel} reads them; the padding outputs' weights zero.
     */
    static float[] pack(float[] rowMajor, int inputs, int outputs, int lanes) {
        return pack(rowMajor, inputs, inputs, outputs, lanes);
    }

    /**
     * As above, for {@code packedInputs} at least {@code inputs}: the weights of the inputs beyond {@code inputs}
     * zero, so that a layer can take the previous one's padded outputs as they are.
     */
    static float[] pack(float[] rowMajor, int inputs, int packedInputs, int outputs, int lanes) {
        float[] packed = new float[packedInputs * stride(outputs, lanes)];
        for (int j = 0; j < outputs; j++) {
            int panel = j / lanes * lanes * packedInputs + j % lanes;
            for (int i = 0; i < inputs; i++) {
                packed[panel + i * lanes] = rowMajor[j * inputs + i];
            }
        }
        return packed;
    }

    /** The same for int8 weights. */
    static byte[] pack(byte[] rowMajor, int inputs, int packedInputs, int outputs, int lanes) {
        byte[] packed = new byte[packedInputs * stride(outputs, lanes)];
        for (int j = 0; j < outputs; j++) {
            int panel = j / lanes * lanes * packedInputs + j % lanes;
            for (int i = 0; i < inputs; i++) {
                packed[panel + i * lanes] = rowMajor[j * inputs + i];
            }
        }
        return packed;
    }
}
