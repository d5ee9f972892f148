package dev.hone.ml.tuning;

/**
 * Gaussian-process regression over points of the unit cube, as Optuna 4's {@code GPSampler} models
 * an objective: a Matérn 5/2 kernel with one length scale per dimension, a kernel scale and a
 * noise variance, chosen by maximizing the marginal likelihood times Optuna's priors (gamma priors
 * on the scale and the noise, a penalty on very long length scales) with L-BFGS in log space.
 * A categorical dimension holds a choice's index, and its kernel distance is 0 for the same
 * choice and 1 for another (Hamming), so choices are unordered.
 *
 * <p>Targets are expected standardized (mean 0, unit spread). The predictive variance is the
 * noise-free one, as in Optuna. Only integer arithmetic, IEEE operations and {@link StrictMath} are
 * used, so the same data give the same model on every machine.
 */
final class GaussianProcess {

    static final double MIN_NOISE = 1e-6;
    private static final double MIN_VARIANCE = 1e-10;
    private static final double LOG_LIMIT = 20;
    private static final int FIT_ITERATIONS = 60;
    private static final double SQRT5 = StrictMath.sqrt(5);

    private final double[][] x;
    private final double[] y;
    private final boolean[] categorical;
    private final double[] lambda; // inverse squared length scales
    private final double scale;
    private final double noise;
    private final double[][] chol;
    private final double[] alpha;

    private GaussianProcess(double[][] x, double[] y, boolean[] categorical, double[] lambda, double scale,
            double noise) {
        this.x = x;
        this.y = y;
        this.categorical = categorical;
        this.lambda = lambda;
        this.scale = scale;
        this.noise = noise;
        double[][] k = kernelMatrix(x, categorical, lambda, scale, noise, null, null);
        double[][] l = cholesky(k);
        if (l == null) {
            throw new IllegalStateException("The kernel matrix is not positive definite");
        }
        this.chol = l;
        this.alpha = solveCholesky(l, y);
    }

    /**
     * Fits the kernel to {@code (x, y)}.
     *
     * @param x points, each with one coordinate per dimension: in [0, 1], or a choice's index
     * @param y standardized targets
     * @param categorical which dimensions hold choice indices
     * @throws IllegalStateException when no kernel makes a positive-definite matrix (not seen with the
     *     noise floor; callers fall back to another sampler)
     */
    static GaussianProcess fit(double[][] x, double[] y, boolean[] categorical) {
        int d = categorical.length;
        double[] theta = new double[d + 2];
        // Optuna's starting point: unit inverse squared length scales, scale 1, noise 0.01.
        theta[d + 1] = StrictMath.log(0.01 - MIN_NOISE);
        Likelihood objective = new Likelihood(x, y, categorical);
        double[] best = Lbfgs.minimize(objective, theta, FIT_ITERATIONS, LOG_LIMIT);
        double[] lambda = new double[d];
        for (int k = 0; k < d; k++) {
            lambda[k] = StrictMath.exp(best[k]);
        }
        return new GaussianProcess(x, y, categorical, lambda, StrictMath.exp(best[d]),
                MIN_NOISE + StrictMath.exp(best[d + 1]));
    }

    /**
     * The same kernel, also conditioned on {@code pending} points whose targets are taken to be
     * this model's predictions there ("kriging believer"): proposals made while those points are
     * still being evaluated then look elsewhere, because the variance there collapses.
     */
    GaussianProcess withPending(double[][] pending) {
        if (pending.length == 0) {
            return this;
        }
        int n = x.length;
        double[][] xs = new double[n + pending.length][];
        double[] ys = new double[n + pending.length];
        System.arraycopy(x, 0, xs, 0, n);
        System.arraycopy(y, 0, ys, 0, n);
        for (int p = 0; p < pending.length; p++) {
            xs[n + p] = pending[p];
            ys[n + p] = predict(pending[p])[0];
        }
        return new GaussianProcess(xs, ys, categorical, lambda, scale, noise);
    }

    double noise() {
        return noise;
    }

    double[] inverseSquaredLengthscales() {
        return lambda.clone();
    }

    double scale() {
        return scale;
    }

    /** Posterior mean and (noise-free) variance at {@code point}. */
    double[] predict(double[] point) {
        int n = x.length;
        double[] ks = new double[n];
        for (int i = 0; i < n; i++) {
            ks[i] = scale * matern(squaredDistance(x[i], point, categorical, lambda));
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += ks[i] * alpha[i];
        }
        double[] v = forward(chol, ks);
        double explained = 0;
        for (double vi : v) {
            explained += vi * vi;
        }
        return new double[] {mean, Math.max(scale - explained, MIN_VARIANCE)};
    }

    // ---- kernel ------------------------------------------------------------------------------

    static double squaredDistance(double[] a, double[] b, boolean[] categorical, double[] lambda) {
        double d2 = 0;
        for (int k = 0; k < lambda.length; k++) {
            double diff = categorical[k] ? (a[k] == b[k] ? 0 : 1) : a[k] - b[k];
            d2 += lambda[k] * diff * diff;
        }
        return d2;
    }

    /** Matérn 5/2 of a squared distance: {@code (1 + u + u^2 / 3) e^-u} with {@code u = sqrt(5 d2)}. */
    static double matern(double d2) {
        double u = SQRT5 * Math.sqrt(d2);
        return (1 + u + u * u / 3) * StrictMath.exp(-u);
    }

    /** Derivative of {@link #matern} by the squared distance: {@code -5/6 (1 + u) e^-u}. */
    private static double maternSlope(double d2) {
        double u = SQRT5 * Math.sqrt(d2);
        return -5.0 / 6.0 * (1 + u) * StrictMath.exp(-u);
    }

    /**
     * {@code scale * matern + noise I}; fills {@code unit[i][j]} (matern) and {@code slope[i][j]}
     * (its derivative) when given.
     */
    private static double[][] kernelMatrix(double[][] x, boolean[] categorical, double[] lambda, double scale,
            double noise, double[][] unit, double[][] slope) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            k[i][i] = scale + noise;
            if (unit != null) {
                unit[i][i] = 1;
                slope[i][i] = maternSlope(0);
            }
            for (int j = 0; j < i; j++) {
                double d2 = squaredDistance(x[i], x[j], categorical, lambda);
                double m = matern(d2);
                k[i][j] = scale * m;
                k[j][i] = k[i][j];
                if (unit != null) {
                    unit[i][j] = m;
                    unit[j][i] = m;
                    slope[i][j] = maternSlope(d2);
                    slope[j][i] = slope[i][j];
                }
            }
        }
        return k;
    }

    // ---- linear algebra ----------------------------------------------------------------------

    /** Lower Cholesky factor, or null when {@code a} is not (numerically) positive definite. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    /** Solves {@code L v = b}. */
    static double[] forward(double[][] l, double[] b) {
        int n = b.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * v[k];
            }
            v[i] = sum / l[i][i];
        }
        return v;
    }

    /** Solves {@code L^T v = b}. */
    private static double[] backward(double[][] l, double[] b) {
        int n = b.length;
        double[] v = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = b[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * v[k];
            }
            v[i] = sum / l[i][i];
        }
        return v;
    }

    /** Solves {@code L L^T v = b}. */
    static double[] solveCholesky(double[][] l, double[] b) {
        return backward(l, forward(l, b));
    }

    /** {@code (L L^T)^-1}. */
    private static double[][] inverse(double[][] l) {
        int n = l.length;
        double[][] inv = new double[n][];
        double[] e = new double[n];
        for (int c = 0; c < n; c++) {
            e[c] = 1;
            inv[c] = solveCholesky(l, e); // symmetric, so column c is row c
            e[c] = 0;
        }
        return inv;
    }

    // ---- fitting -----------------------------------------------------------------------------

    /**
     * Negative log marginal likelihood minus the log prior, over
     * {@code theta = (log lambda_1..d, log scale, log(noise - MIN_NOISE))}, and its gradient.
     * The prior is Optuna 4's: {@code -0.1 / lambda} per dimension, Gamma(2, 1) on the scale,
     * Gamma(1.1, 30) on the noise (constants dropped).
     */
    record Likelihood(double[][] x, double[] y, boolean[] categorical) implements Lbfgs.Objective {

        @Override
        public double value(double[] theta, double[] gradient) {
            int n = x.length;
            int d = categorical.length;
            double[] lambda = new double[d];
            for (int k = 0; k < d; k++) {
                lambda[k] = StrictMath.exp(theta[k]);
            }
            double scale = StrictMath.exp(theta[d]);
            double excess = StrictMath.exp(theta[d + 1]);
            double noise = MIN_NOISE + excess;
            double[][] unit = new double[n][n];
            double[][] slope = new double[n][n];
            double[][] k = kernelMatrix(x, categorical, lambda, scale, noise, unit, slope);
            double[][] l = cholesky(k);
            if (l == null) {
                return Double.POSITIVE_INFINITY;
            }
            double[] alpha = solveCholesky(l, y);
            double value = 0;
            for (int i = 0; i < n; i++) {
                value += 0.5 * y[i] * alpha[i] + StrictMath.log(l[i][i]);
            }
            double logPrior = StrictMath.log(scale) - scale + 0.1 * StrictMath.log(noise) - 30 * noise;
            for (int j = 0; j < d; j++) {
                logPrior -= 0.1 / lambda[j];
            }
            value -= logPrior;
            if (gradient != null) {
                double[][] inv = inverse(l);
                double[] g = new double[d + 2];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double w = alpha[i] * alpha[j] - inv[i][j];
                        // d(value)/d(theta) = -1/2 sum_ij W_ij dK_ij/d(theta)
                        g[d] -= 0.5 * w * scale * unit[i][j];
                        if (i == j) {
                            g[d + 1] -= 0.5 * w * excess;
                        } else {
                            double common = -0.5 * w * scale * slope[i][j];
                            for (int q = 0; q < d; q++) {
                                double diff = categorical[q] ? (x[i][q] == x[j][q] ? 0 : 1) : x[i][q] - x[j][q];
                                g[q] += common * lambda[q] * diff * diff;
                            }
                        }
                    }
                }
                for (int q = 0; q < d; q++) {
                    g[q] -= 0.1 / lambda[q];
                }
                g[d] -= 1 - scale;
                g[d + 1] -= (0.1 / noise - 30) * excess;
                System.arraycopy(g, 0, gradient, 0, g.length);
            }
            return value;
        }
    }
}
