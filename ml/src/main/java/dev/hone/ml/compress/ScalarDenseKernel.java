package dev.hone.ml.compress;

/**
 * Plain loops: the reference the vector kernel is tested against, and the fallback without the Vector API. One
 * lane: each output's weights are one contiguous row.
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
    public void multiplyFloat(byte[] w, int inputs, int stride, float[] x, int rows, float[] acc) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < stride; j++) {
                float sum = 0;
                for (int i = 0; i < inputs; i++) {
                    sum += w[j * inputs + i] * x[r * inputs + i];
                }
                acc[r * stride + j] = sum;
            }
        }
    }

    @Override
    public void multiplyFloat(float[] w, int inputs, int stride, float[] x, int rows, float[] acc) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < stride; j++) {
                float sum = 0;
                for (int i = 0; i < inputs; i++) {
                    sum += w[j * inputs + i] * x[r * inputs + i];
                }
                acc[r * stride + j] += sum;
            }
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
