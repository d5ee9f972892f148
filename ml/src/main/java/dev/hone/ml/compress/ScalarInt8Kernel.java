package dev.hone.ml.compress;

/** Plain loops: the reference the vector kernel is tested against, and the fallback without the Vector API. */
final class ScalarInt8Kernel implements Int8Kernel {

    @Override
    public void multiplyInt(byte[] w, int inputs, int stride, int[] x, int rows, int[] acc) {
        for (int r = 0; r < rows; r++) {
            int out = r * stride;
            java.util.Arrays.fill(acc, out, out + stride, 0);
            for (int i = 0; i < inputs; i++) {
                int xi = x[r * inputs + i];
                int wRow = i * stride;
                for (int j = 0; j < stride; j++) {
                    acc[out + j] += w[wRow + j] * xi;
                }
            }
        }
    }

    @Override
    public void multiplyFloat(byte[] w, int inputs, int stride, float[] x, int rows, float[] acc) {
        for (int r = 0; r < rows; r++) {
            int out = r * stride;
            java.util.Arrays.fill(acc, out, out + stride, 0f);
            for (int i = 0; i < inputs; i++) {
                float xi = x[r * inputs + i];
                int wRow = i * stride;
                for (int j = 0; j < stride; j++) {
                    acc[out + j] += w[wRow + j] * xi;
                }
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
