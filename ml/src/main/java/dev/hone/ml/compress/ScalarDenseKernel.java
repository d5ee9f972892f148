package dev.hone.ml.compress;

/**
 * Plain loops: the reference the vector kernel is tested against, and the fallback without the Vector API. One
 * lane: each output's weights are one contiguous row. The float sums follow {@link DenseKernel}'s order with
 * {@link Math#fma}, so they are the vector kernel's to the bit.
 */
final class ScalarDenseKernel implements DenseKernel {

    @Override
    public void multiplyInt(byte[] w, int inputs, int stride, int[] x, int rows, int[] acc) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < stride; j++) {
                int sum = 0;
                for (int i = 0; i < inputs; i++) {
                    sum += w[j * inputs + i] * x[r * inputs + i];
                }
                acc[r * stride + j] = sum;
            }
        }
    }

    @Override
    public void dense(byte[] w, float[] scales, int inputs, int stride, float[] bias, float[] x, int rows, float[] out,
            boolean relu) {
        float[] chains = new float[CHAINS];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < stride; j++) {
                java.util.Arrays.fill(chains, 0f);
                for (int i = 0; i < inputs; i++) {
                    chains[i % CHAINS] = Math.fma(w[j * inputs + i], x[r * inputs + i], chains[i % CHAINS]);
                }
                float v = Math.fma(sum(chains), scales[j], bias[j]);
                out[r * stride + j] = relu ? Math.max(0f, v) : v;
            }
        }
    }

    @Override
    public void dense(float[] w, int inputs, int stride, float[] bias, float[] x, int rows, float[] out, boolean relu) {
        float[] chains = new float[CHAINS];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < stride; j++) {
                java.util.Arrays.fill(chains, 0f);
                for (int i = 0; i < inputs; i++) {
                    chains[i % CHAINS] = Math.fma(w[j * inputs + i], x[r * inputs + i], chains[i % CHAINS]);
                }
                float v = bias[j] + sum(chains);
                out[r * stride + j] = relu ? Math.max(0f, v) : v;
            }
        }
    }

    private static float sum(float[] chains) {
        return (chains[0] + chains[1]) + (chains[2] + chains[3]);
    }

    @Override
    public void softmax(float[] v, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + n; i++) {
            max = Math.max(max, v[i]);
        }
        float sum = 0;
        for (int i = offset; i < offset + n; i++) {
            v[i] = (float) Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = offset; i < offset + n; i++) {
            v[i] /= sum;
        }
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public String name() {
        return "scalar";
    }
}
