package dev.hone.ml.compress;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The multiplies with the Vector API. Outputs run across the lanes, so no horizontal sum is
 * needed: for each input, its weights to a panel's outputs are loaded once (widened from bytes for int8), and
 * multiplied by that input (broadcast) into the input's chain ({@link DenseKernel}), for two rows at a time in the
 * float forms (eight accumulators) and four in the int form. Loaded only when the JVM has
 * the incubator module ({@link DenseKernel#best}); the widest int species the CPU prefers, and the byte
 * species of as many lanes.
 *
 * <p>The int8 and float forms are written out twice on purpose: one shared method choosing its weight load by
 * argument measured 10-20% slower at batch 1 and in batches of 64 (2026-12-03, {@code Int8ForwardBenchmark},
 * runs interleaved).
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
    public void dense(byte[] w, float[] scales, int inputs, int stride, float[] bias, float[] x, int rows, float[] out,
            boolean relu) {
        for (int j = 0; j < stride; j += LANES) {
            int r = 0;
            for (; r + 2 <= rows; r += 2) {
                twoRows(w, scales, j, inputs, bias, x, r * inputs, out, r * stride + j, stride, relu);
            }
            if (r < rows) {
                oneRow(w, scales, j, inputs, bias, x, r * inputs, out, r * stride + j, relu);
            }
        }
    }

    /**
     * One panel's outputs for rows {@code x0} and {@code x0 + inputs}: a method of its own, small enough that C2
     * inlines every vector call in it (one method for all the loops boxed the vectors and ran 5x slower).
     */
    private static void twoRows(byte[] w, float[] scales, int j, int inputs, float[] bias, float[] x, int x0,
            float[] out, int at, int stride, boolean relu) {
        int panel = j * inputs;
        int x1 = x0 + inputs;
        int whole = inputs & ~(CHAINS - 1);
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        int i = 0;
        for (; i < whole; i += CHAINS) {
            int o = panel + i * LANES;
            FloatVector w0 = widen(w, o);
            FloatVector w1 = widen(w, o + LANES);
            FloatVector w2 = widen(w, o + 2 * LANES);
            FloatVector w3 = widen(w, o + 3 * LANES);
            a0 = w0.fma(at(x, x0 + i), a0);
            a1 = w1.fma(at(x, x0 + i + 1), a1);
            a2 = w2.fma(at(x, x0 + i + 2), a2);
            a3 = w3.fma(at(x, x0 + i + 3), a3);
            b0 = w0.fma(at(x, x1 + i), b0);
            b1 = w1.fma(at(x, x1 + i + 1), b1);
            b2 = w2.fma(at(x, x1 + i + 2), b2);
            b3 = w3.fma(at(x, x1 + i + 3), b3);
        }
        for (; i < inputs; i++) {
            FloatVector wi = widen(w, panel + i * LANES);
            switch (i - whole) {
                case 0 -> {
                    a0 = wi.fma(at(x, x0 + i), a0);
                    b0 = wi.fma(at(x, x1 + i), b0);
                }
                case 1 -> {
                    a1 = wi.fma(at(x, x0 + i), a1);
                    b1 = wi.fma(at(x, x1 + i), b1);
                }
                default -> {
                    a2 = wi.fma(at(x, x0 + i), a2);
                    b2 = wi.fma(at(x, x1 + i), b2);
                }
            }
        }
        scaleAdd(a0.add(a1).add(a2.add(a3)), scales, bias, j, out, at, relu);
        scaleAdd(b0.add(b1).add(b2.add(b3)), scales, bias, j, out, at + stride, relu);
    }

    /** One panel's outputs for the row at {@code x0}, summed as {@link #twoRows} sums each. */
    private static void oneRow(byte[] w, float[] scales, int j, int inputs, float[] bias, float[] x, int x0,
            float[] out, int at, boolean relu) {
        int panel = j * inputs;
        int whole = inputs & ~(CHAINS - 1);
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int i = 0;
        for (; i < whole; i += CHAINS) {
            int o = panel + i * LANES;
            a0 = widen(w, o).fma(at(x, x0 + i), a0);
            a1 = widen(w, o + LANES).fma(at(x, x0 + i + 1), a1);
            a2 = widen(w, o + 2 * LANES).fma(at(x, x0 + i + 2), a2);
            a3 = widen(w, o + 3 * LANES).fma(at(x, x0 + i + 3), a3);
        }
        for (; i < inputs; i++) {
            FloatVector wi = widen(w, panel + i * LANES);
            switch (i - whole) {
                case 0 -> a0 = wi.fma(at(x, x0 + i), a0);
                case 1 -> a1 = wi.fma(at(x, x0 + i), a1);
                default -> a2 = wi.fma(at(x, x0 + i), a2);
            }
        }
        scaleAdd(a0.add(a1).add(a2.add(a3)), scales, bias, j, out, at, relu);
    }

    private static FloatVector widen(byte[] w, int offset) {
        return (FloatVector) ByteVector.fromArray(BYTES, w, offset).convertShape(VectorOperators.B2F, FLOATS, 0);
    }

    /** {@code out[at..] = sum * scales[j..] + bias[j..]} as one fused multiply-add, through ReLU when asked. */
    private static void scaleAdd(FloatVector sum, float[] scales, float[] bias, int j, float[] out, int at,
            boolean relu) {
        FloatVector v = sum.fma(FloatVector.fromArray(FLOATS, scales, j), FloatVector.fromArray(FLOATS, bias, j));
        (relu ? v.max(0f) : v).intoArray(out, at);
    }

    @Override
    public void dense(float[] w, int inputs, int stride, float[] bias, float[] x, int rows, float[] out, boolean relu) {
        for (int j = 0; j < stride; j += LANES) {
            int r = 0;
            for (; r + 2 <= rows; r += 2) {
                twoRows(w, j, inputs, bias, x, r * inputs, out, r * stride + j, stride, relu);
            }
            if (r < rows) {
                oneRow(w, j, inputs, bias, x, r * inputs, out, r * stride + j, relu);
            }
        }
    }

    /** One panel's outputs for rows {@code x0} and {@code x0 + inputs}, as the int8 form's {@code twoRows}. */
    private static void twoRows(float[] w, int j, int inputs, float[] bias, float[] x, int x0, float[] out, int at,
            int stride, boolean relu) {
        int panel = j * inputs;
        int x1 = x0 + inputs;
        int whole = inputs & ~(CHAINS - 1);
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        int i = 0;
        for (; i < whole; i += CHAINS) {
            int o = panel + i * LANES;
            FloatVector w0 = FloatVector.fromArray(FLOATS, w, o);
            FloatVector w1 = FloatVector.fromArray(FLOATS, w, o + LANES);
            FloatVector w2 = FloatVector.fromArray(FLOATS, w, o + 2 * LANES);
            FloatVector w3 = FloatVector.fromArray(FLOATS, w, o + 3 * LANES);
            a0 = w0.fma(at(x, x0 + i), a0);
            a1 = w1.fma(at(x, x0 + i + 1), a1);
            a2 = w2.fma(at(x, x0 + i + 2), a2);
            a3 = w3.fma(at(x, x0 + i + 3), a3);
            b0 = w0.fma(at(x, x1 + i), b0);
            b1 = w1.fma(at(x, x1 + i + 1), b1);
            b2 = w2.fma(at(x, x1 + i + 2), b2);
            b3 = w3.fma(at(x, x1 + i + 3), b3);
        }
        for (; i < inputs; i++) {
            FloatVector wi = FloatVector.fromArray(FLOATS, w, panel + i * LANES);
            switch (i - whole) {
                case 0 -> {
                    a0 = wi.fma(at(x, x0 + i), a0);
                    b0 = wi.fma(at(x, x1 + i), b0);
                }
                case 1 -> {
                    a1 = wi.fma(at(x, x0 + i), a1);
                    b1 = wi.fma(at(x, x1 + i), b1);
                }
                default -> {
                    a2 = wi.fma(at(x, x0 + i), a2);
                    b2 = wi.fma(at(x, x1 + i), b2);
                }
            }
        }
        add(a0.add(a1).add(a2.add(a3)), bias, j, out, at, relu);
        add(b0.add(b1).add(b2.add(b3)), bias, j, out, at + stride, relu);
    }

    /** One panel's outputs for the row at {@code x0}, summed as {@link #twoRows} sums each. */
    private static void oneRow(float[] w, int j, int inputs, float[] bias, float[] x, int x0, float[] out, int at,
            boolean relu) {
        int panel = j * inputs;
        int whole = inputs & ~(CHAINS - 1);
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int i = 0;
        for (; i < whole; i += CHAINS) {
            int o = panel + i * LANES;
            a0 = FloatVector.fromArray(FLOATS, w, o).fma(at(x, x0 + i), a0);
            a1 = FloatVector.fromArray(FLOATS, w, o + LANES).fma(at(x, x0 + i + 1), a1);
            a2 = FloatVector.fromArray(FLOATS, w, o + 2 * LANES).fma(at(x, x0 + i + 2), a2);
            a3 = FloatVector.fromArray(FLOATS, w, o + 3 * LANES).fma(at(x, x0 + i + 3), a3);
        }
        for (; i < inputs; i++) {
            FloatVector wi = FloatVector.fromArray(FLOATS, w, panel + i * LANES);
            switch (i - whole) {
                case 0 -> a0 = wi.fma(at(x, x0 + i), a0);
                case 1 -> a1 = wi.fma(at(x, x0 + i), a1);
                default -> a2 = wi.fma(at(x, x0 + i), a2);
            }
        }
        add(a0.add(a1).add(a2.add(a3)), bias, j, out, at, relu);
    }

    /** {@code out[at..] = bias[j..] + sum}, through ReLU when asked. */
    private static void add(FloatVector sum, float[] bias, int j, float[] out, int at, boolean relu) {
        FloatVector v = FloatVector.fromArray(FLOATS, bias, j).add(sum);
        (relu ? v.max(0f) : v).intoArray(out, at);
    }

    private static FloatVector at(float[] x, int i) {
        return FloatVector.broadcast(FLOATS, x[i]);
    }

    /**
     * Only lanewise operations, which are defined to the bit, and a sum in a fixed order, so that a model's answer
     * does not change as the JIT warms up: the JDK's vector {@code EXP} gave other bits compiled (a native routine)
     * than interpreted ({@link Math#exp} per lane), caught by the conformance test's concurrent predictions and now
     * by {@code VectorDenseKernelTest}; a floating-point {@code reduceLanes(ADD)} leaves its order unspecified. The
     * largest value is order-free.
     */
    @Override
    public void softmax(float[] v, int offset, int n) {
        if (n <= LANES) { // one vector: a classifier of up to 16 classes (8 without AVX-512)
            VectorMask<Float> m = FLOATS.indexInRange(0, n);
            FloatVector x = FloatVector.fromArray(FLOATS, v, offset);
            FloatVector e = exp(x.sub(x.reduceLanes(VectorOperators.MAX, m))).blend(0f, m.not());
            FloatVector s = e;
            for (int half = LANES / 2; half >= 1; half /= 2) { // a fixed tree of lanewise adds
                s = s.add(s.slice(half));
            }
            e.div(s.lane(0)).intoArray(v, offset, m);
            return;
        }
        float shift = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> m = FLOATS.indexInRange(i, n);
            shift = Math.max(shift, FloatVector.fromArray(FLOATS, v, offset + i).reduceLanes(VectorOperators.MAX, m));
        }
        for (int i = 0; i < n; i += LANES) {
            exp(FloatVector.fromArray(FLOATS, v, offset + i).sub(shift)).intoArray(v, offset + i,
                    FLOATS.indexInRange(i, n));
        }
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += v[offset + i];
            s1 += v[offset + i + 1];
            s2 += v[offset + i + 2];
            s3 += v[offset + i + 3];
        }
        for (; i < n; i++) {
            s0 += v[offset + i];
        }
        FloatVector sum = FloatVector.broadcast(FLOATS, (s0 + s1) + (s2 + s3));
        for (i = 0; i < n; i += LANES) {
            FloatVector.fromArray(FLOATS, v, offset + i).div(sum).intoArray(v, offset + i, FLOATS.indexInRange(i, n));
        }
    }

    /** Below this, {@code exp} is 0 in the softmax (above it, at least 2^-126, the smallest normal float). */
    private static final float EXP_MIN = -87.33f;
    /** 1.5 * 2^23: added to a float below 2^22 in magnitude, leaves it rounded to an integer in the low bits. */
    private static final float ROUNDER = 12582912f;

    /**
     * {@code e^x} for {@code x <= 0}, within 2 units in the last place of {@link Math#exp} (Cephes' {@code expf}:
     * {@code x = n ln 2 + r} with {@code |r| <= ln 2 / 2}, a polynomial in {@code r}, times {@code 2^n} built in the
     * exponent bits), in lanewise operations only, so the same bits compiled or interpreted.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN);
        FloatVector t = xc.fma(1.44269504f, ROUNDER); // x log2(e), rounded to an integer n, plus the rounder
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(FLOATS, -0.693359375f), xc).add(n.mul(2.12194440e-4f));
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, FloatVector.broadcast(FLOATS, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(FLOATS, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(FLOATS, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(FLOATS, 5.0000001201e-1f));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        FloatVector pow2 = ((IntVector) t.reinterpretAsInts()).sub(Float.floatToRawIntBits(ROUNDER) - 127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return y.mul(pow2).blend(0f, x.lt(EXP_MIN));
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
