package dev.hone.ml.compress;

/**
 * The arithmetic core of an int8 layer, on weights laid out input-major and padded: {@code
 * w[i * stride + j]} is the weight from input {@code i} to output {@code j}, {@code stride} (at least the
 * number of outputs, a multiple of {@link #lanes()}) apart, the padding zero. Two forms:
 * <ul>
 *   <li>{@link #multiplyInt}: 8-bit inputs (held as int, 0..255) against int8 weights, summed in int;</li>
 *   <li>{@link #multiplyFloat}: float inputs against int8 weights widened to float, summed in float.</li>
 * </ul>
 * {@code acc[r * stride + j]} receives output {@code j} of row {@code r}. Two implementations:
 * {@link VectorInt8Kernel} with the JDK's Vector API when the JVM was started with
 * {@code --add-modules=jdk.incubator.vector}, else {@link ScalarInt8Kernel}; their int sums are equal.
 */
interface Int8Kernel {

    void multiplyInt(byte[] w, int inputs, int stride, int[] x, int rows, int[] acc);

    void multiplyFloat(byte[] w, int inputs, int stride, float[] x, int rows, float[] acc);

    /** Outputs are padded to a multiple of this. */
    int lanes();

    /** What runs: "vector (S_512_BIT)" or "scalar". */
    String name();

    /** The Vector API kernel when its module is present in this JVM, else the scalar one. */
    static Int8Kernel best() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (Int8Kernel) Class.forName("dev.hone.ml.compress.VectorInt8Kernel").getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarInt8Kernel();
            }
        }
        return new ScalarInt8Kernel();
    }
}
