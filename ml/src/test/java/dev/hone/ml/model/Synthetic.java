package dev.hone.ml.model;

import java.util.Random;

/** Small generated data sets with known structure. */
final class Synthetic {

    private Synthetic() {}

    /** Rows of standard normal features. */
    static float[][] gaussian(int rows, int columns, Random random) {
        float[][] x = new float[rows][columns];
        for (float[] row : x) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    /** y = 2 x1 - 3 x2 + 0.5 + noise. */
    static float[] linearTarget(float[][] x, double noise, Random random) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (2 * x[i][0] - 3 * x[i][1] + 0.5 + noise * random.nextGaussian());
        }
        return y;
    }

    /** A labelled sample of three well separated 2-D Gaussian blobs. */
    record Blobs(float[][] x, int[] y) {
        static Blobs generate(int rows, Random random) {
            double[][] centers = {{0, 0}, {4, 4}, {0, 4}};
            float[][] x = new float[rows][2];
            int[] y = new int[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = i % 3;
                x[i][0] = (float) (centers[y[i]][0] + 0.7 * random.nextGaussian());
                x[i][1] = (float) (centers[y[i]][1] + 0.7 * random.nextGaussian());
            }
            return new Blobs(x, y);
        }
    }

    /**
     * Solves min mean((y - Xw - b)^2) + lambda/2 |w|^2 in closed form (bias not penalized):
     * (Xc'Xc/n + lambda/2 I) w = Xc'yc/n on centered data, b = mean(y) - mean(x) w.
     * Returns {w1, ..., wd, b}. With lambda 0 this is ordinary least squares.
     */
    static double[] ridge(float[][] x, float[] y, double lambda) {
        int n = x.length;
        int d = x[0].length;
        double[] mx = new double[d];
        double my = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mx[j] += x[i][j] / (double) n;
            }
            my += y[i] / (double) n;
        }
        double[][] a = new double[d][d + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    a[j][k] += (x[i][j] - mx[j]) * (x[i][k] - mx[k]) / n;
                }
                a[j][d] += (x[i][j] - mx[j]) * (y[i] - my) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            a[j][j] += lambda / 2;
        }
        double[] w = solve(a);
        double b = my;
        for (int j = 0; j < d; j++) {
            b -= mx[j] * w[j];
        }
        double[] out = new double[d + 1];
        System.arraycopy(w, 0, out, 0, d);
        out[d] = b;
        return out;
    }

    /** Gauss-Jordan elimination with partial pivoting on an augmented matrix [A | b]. */
    private static double[] solve(double[][] a) {
        int d = a.length;
        for (int col = 0; col < d; col++) {
            int pivot = col;
            for (int r = col + 1; r < d; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < d; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c <= d; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = a[j][d] / a[j][j];
        }
        return w;
    }
}
