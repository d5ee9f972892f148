package dev.hone.ml.compress;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The multiplies with the Vector API. Outputs run across the lanes, so no horizontal sum is
 * needed: for each input, its weights to a panel's outputs are loaded once (widened from bytes for int8), and
 * multiplied by that input of four rows at a time (broadcast) into four accumulators. Loaded only when the JVM has
 * the incubator module ({@link DenseKernel#best}); the widest int species the CPU prefers, and the byte
 * species of as many lanes.
 */
final class VectorDenseKernel implements DenseKernel {

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(INTS.length() * Float.SIZE));
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(INTS.length() * Byte.SIZE));
    private static final int LANES = INTS.length();

    @Override
    public void multiplyInt(byte[] w, int inputs, int stride, int[] x, int rows, int[] acc) {
        for (int j = 0; j < stride; j += LANES) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int x0 = r * inputs;
                int x1 = x0 + inputs;
                int x2 = x1 + inputs;
                int x3 = x2 + inputs;
                IntVector a0 = IntVector.zero(INTS);
                IntVector a1 = a0;
                IntVector a2 = a0;
                IntVector a3 = a0;
                for (int i = 0; i < inputs; i++) {
                    IntVector wv = (IntVector) ByteVector.fromArray(BYTES, w, j * inputs + i * LANES)
                            .convertShape(VectorOperators.B2I, INTS, 0);
                    a0 = a0.add(wv.mul(x[x0 + i]));
                    a1 = a1.add(wv.mul(x[x1 + i]));
                    a2 = a2.add(wv.mul(x[x2 + i]));
                    a3 = a3.add(wv.mul(x[x3 + i]));
                }
                a0.intoArray(acc, r * stride + j);
                a1.intoArray(acc, (r + 1) * stride + j);
                a2.intoArray(acc, (r + 2) * stride + j);
                a3.intoArray(acc, (r + 3) * stride + j);
            }
            for (; r < rows; r++) {
                int x0 = r * inputs;
                IntVector a0 = IntVector.zero(INTS);
                for (int i = 0; i < inputs; i++) {
                    IntVector wv = (IntVector) ByteVector.fromArray(BYTES, w, j * inputs + i * LANES)
                            .convertShape(VectorOperators.B2I, INTS, 0);
                    a0 = a0.add(wv.mul(x[x0 + i]));
                }
                a0.intoArray(acc, r * stride + j);
            }
        }
    }

    @Override
    public void multiplyFloat(byte[] w, int inputs, int stride, float[] x, int rows, float[] acc) {
        for (int j = 0; j < stride; j += LANES) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int x0 = r * inputs;
                int x1 = x0 + inputs;
                int x2 = x1 + inputs;
                int x3 = x2 + inputs;
                FloatVector a0 = FloatVector.zero(FLOATS);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                for (int i = 0; i < inputs; i++) {
                    FloatVector wv = (FloatVector) ByteVector.fromArray(BYTES, w, j * inputs + i * LANES)
                            .convertShape(VectorOperators.B2F, FLOATS, 0);
                    a0 = wv.fma(FloatVector.broadcast(FLOATS, x[x0 + i]), a0);
                    a1 = wv.fma(FloatVector.broadcast(FLOATS, x[x1 + i]), a1);
                    a2 = wv.fma(FloatVector.broadcast(FLOATS, x[x2 + i]), a2);
                    a3 = wv.fma(FloatVector.broadcast(FLOATS, x[x3 + i]), a3);
                }
                a0.intoArray(acc, r * stride + j);
                a1.intoArray(acc, (r + 1) * stride + j);
                a2.intoArray(acc, (r + 2) * stride + j);
                a3.intoArray(acc, (r + 3) * stride + j);
            }
            for (; r < rows; r++) {
                int x0 = r * inputs;
                FloatVector a0 = FloatVector.zero(FLOATS);
                for (int i = 0; i < inputs; i++) {
                    FloatVector wv = (FloatVector) ByteVector.fromArray(BYTES, w, j * inputs + i * LANES)
                            .convertShape(VectorOperators.B2F, FLOATS, 0);
                    a0 = wv.fma(FloatVector.broadcast(FLOATS, x[x0 + i]), a0);
                }
                a0.intoArray(acc, r * stride + j);
            }
        }
    }

    @Override
    public void multiplyFloat(float[] w, int inputs, int stride, float[] x, int rows, float[] acc) {
        for (int j = 0; j < stride; j += LANES) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int x0 = r * inputs;
                int x1 = x0 + inputs;
                int x2 = x1 + inputs;
                int x3 = x2 + inputs;
                FloatVector a0 = FloatVector.fromArray(FLOATS, acc, r * stride + j);
                FloatVector a1 = FloatVector.fromArray(FLOATS, acc, (r + 1) * stride + j);
                FloatVector a2 = FloatVector.fromArray(FLOATS, acc, (r + 2) * stride + j);
                FloatVector a3 = FloatVector.fromArray(FLOATS, acc, (r + 3) * stride + j);
                for (int i = 0; i < inputs; i++) {
                    FloatVector wv = FloatVector.fromArray(FLOATS, w, j * inputs + i * LANES);
                    a0 = wv.fma(FloatVector.broadcast(FLOATS, x[x0 + i]), a0);
                    a1 = wv.fma(FloatVector.broadcast(FLOATS, x[x1 + i]), a1);
                    a2 = wv.fma(FloatVector.broadcast(FLOATS, x[x2 + i]), a2);
                    a3 = wv.fma(FloatVector.broadcast(FLOATS, x[x3 + i]), a3);
                }
                a0.intoArray(acc, r * stride + j);
                a1.intoArray(acc, (r + 1) * stride + j);
                a2.intoArray(acc, (r + 2) * stride + j);
                a3.intoArray(acc, (r + 3) * stride + j);
            }
            for (; r < rows; r++) {
                int x0 = r * inputs;
                FloatVector a0 = FloatVector.fromArray(FLOATS, acc, r * stride + j);
                for (int i = 0; i < inputs; i++) {
                    FloatVector wv = FloatVector.fromArray(FLOATS, w, j * inputs + i * LANES);
                    a0 = wv.fma(FloatVector.broadcast(FLOATS, x[x0 + i]), a0);
                }
                a0.intoArray(acc, r * stride + j);
            }
        }
    }

    @Override
    public int lanes() {
        return LANES;
    }

    @Override
    public String name() {
        return "vector (" + INTS.vectorShape() + ")";
    }
}
