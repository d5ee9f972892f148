package dev.hone.ml.compress;

/**
 * The arithmetic core of a dense layer, on weights packed in panels of {@link #lanes()} outputs ({@link
 * Forward#pack}): the weight from input {@code i} to output {@code j} is {@code w[(j / L) * L * inputs + i * L + j %
 * L]} with {@code L = lanes()}, the outputs padded with zero weights to {@code stride}, a multiple of {@code L}. A
 * panel is read front to back for every row, so a network larger than the caches streams through memory in order
 * instead of jumping a whole row of outputs per input. Three forms:
 * <ul>
 *   <li>{@link #multiplyInt}: 8-bit inputs (held as int, 0..255) against int8 weights, summed in int;</li>
 *   <li>{@link #multiplyFloat(byte[], int, int, float[], int, float[])}: float inputs against int8 weights
 *       widened to float, summed in float ({@link Int8Network});</li>
 *   <li>{@link #multiplyFloat(float[], int, int, float[], int, float[])}: float inputs against float weights,
 *       added to what {@code acc} holds (the biases: {@link FloatNetwork}).</li>
 * </ul>
 * {@code acc[r * stride + j]} receives output {@code j} of row {@code r}; {@code x[r * inputs + i]} is input
 * {@code i} of row {@code r}. Two implementations:
 * {@link VectorDenseKernel} with the JDK's Vector API when the JVM was started with
 * {@code --add-modules=jdk.incubator.vector}, else {@link ScalarDenseKernel}; their int sums are equal.
 */
interface DenseKernel {

    void multiplyInt(byte[] w, int inputs, int stride, int[] x, int rows, int[] acc);

    void multiplyFloat(byte[] w, int inputs, int stride, float[] x, int rows, float[] acc);

    void multiplyFloat(float[] w, int inputs, int stride, float[] x, int rows, float[] acc);

    /** Outputs are padded to a multiple of this. */
    int lanes();

    /** What runs: "vector (S_512_BIT)" or "scalar". */
    String name();

    /** The Vector API kernel when its module is present in this JVM, else the scalar one. */
    static DenseKernel best() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (DenseKernel) Class.forName("dev.hone.ml.compress.VectorDenseKernel").getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarDenseKernel();
            }
        }
        return new ScalarDenseKernel();
    }
}
