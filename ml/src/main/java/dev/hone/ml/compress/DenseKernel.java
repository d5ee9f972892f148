package dev.hone.ml.compress;

/**
 * The arithmetic core of a dense layer, on weights packed in panels of {@link #lanes()} outputs ({@link
 * Forward#pack}): the weight from input {@code i} to output {@code j} is {@code w[(j / L) * L * inputs + i * L + j %
 * L]} with {@code L = lanes()}, the outputs padded with zero weights to {@code stride}, a multiple of {@code L}. A
 * panel is read front to back for every row, so a network larger than the caches streams through memory in order
 * instead of jumping a whole row of outputs per input. Three forms:
 * <ul>
 *   <li>{@link #multiplyInt}: 8-bit inputs (held as int, 0..255) against int8 weights, summed in int;</li>
 *   <li>{@link #dense(byte[], float[], int, int, float[], float[], int, float[], boolean)}: float inputs against
 *       int8 weights widened to float, each sum times its unit's scale plus its bias ({@link Int8Network});</li>
 *   <li>{@link #dense(float[], int, int, float[], float[], int, float[], boolean)}: float inputs against float
 *       weights, plus the bias ({@link FloatNetwork}).</li>
 * </ul>
 * {@code out[r * stride + j]} receives output {@code j} of row {@code r}; {@code x[r * inputs + i]} is input
 * {@code i} of row {@code r}; biases and scales are padded to {@code stride}.
 *
 * <p>The float sums have one order, whatever the kernel and however many rows a call holds: input {@code i}
 * goes to chain {@code i % 4} as a fused multiply-add, in increasing {@code i}, and the sum is {@code (c0 + c1)
 * + (c2 + c3)}. Four chains keep four multiply-adds in flight for a single row, where one chain waits for each
 * add to finish; one order makes a row's answer the same bits alone or in a batch, and both kernels' answers
 * equal. Two implementations: {@link VectorDenseKernel} with the JDK's Vector API when the JVM was started with
 * {@code --add-modules=jdk.incubator.vector}, else {@link ScalarDenseKernel}.
 */
interface DenseKernel {

    /** Independent sums per output; input {@code i} goes to chain {@code i % CHAINS}. */
    int CHAINS = 4;

    void multiplyInt(byte[] w, int inputs, int stride, int[] x, int rows, int[] acc);

    /** {@code out = bias + scales * (w x)}, through ReLU when {@code relu}. */
    void dense(byte[] w, float[] scales, int inputs, int stride, float[] bias, float[] x, int rows, float[] out,
            boolean relu);

    /** {@code out = bias + w x}, through ReLU when {@code relu}. */
    void dense(float[] w, int inputs, int stride, float[] bias, float[] x, int rows, float[] out, boolean relu);

    /**
     * Softmax of {@code v[offset .. offset + n)} in place, shifted by the largest value so that nothing overflows;
     * {@code v} holds whole vectors from {@code offset} ({@code offset + stride(n) <= v.length}).
     */
    void softmax(float[] v, int offset, int n);

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
