package dev.hone.ml.tuning;

/**
 * Limited-memory BFGS (Nocedal, 1980) with a backtracking Armijo line search, for the few smooth
 * parameters of a {@link GaussianProcess}. Every coordinate is kept in {@code [-limit, limit]}
 * (the parameters are logarithms, so this only stops a run-away). Deterministic: plain IEEE
 * arithmetic, no randomness.
 */
final class Lbfgs {

    private static final int MEMORY = 10;
    private static final double ARMIJO = 1e-4;
    private static final int BACKTRACKS = 30;
    private static final double GRADIENT_TOLERANCE = 1e-5;
    private static final double VALUE_TOLERANCE = 1e-10;

    /** A function to minimize with its gradient. */
    interface Objective {
        /**
         * @param gradient filled with the gradient when not null
         * @return the value; {@code +infinity} where the function is not defined
         */
        double value(double[] x, double[] gradient);
    }

    private Lbfgs() {}

    /**
     * The best point found from {@code start} within {@code iterations} steps; {@code start}
     * itself when the function is not finite there.
     */
    static double[] minimize(Objective f, double[] start, int iterations, double limit) {
        int n = start.length;
        double[] x = clamp(start.clone(), limit);
        double[] g = new double[n];
        double fx = f.value(x, g);
        if (!Double.isFinite(fx) || !finite(g)) {
            return x;
        }
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int newest = -1;
        for (int iter = 0; iter < iterations; iter++) {
            double[] direction = direction(g, s, y, rho, stored, newest);
            double slope = dot(direction, g);
            if (!(slope < 0)) {
                stored = 0;
                direction = negate(g);
                slope = dot(direction, g);
            }
            double step = stored == 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
            double[] xNew = null;
            double[] gNew = new double[n];
            double fNew = Double.NaN;
            for (int b = 0; b < BACKTRACKS; b++) {
                double[] candidate = clamp(axpy(step, direction, x), limit);
                fNew = f.value(candidate, gNew);
                if (Double.isFinite(fNew) && finite(gNew) && fNew <= fx + ARMIJO * step * slope) {
                    xNew = candidate;
                    break;
                }
                step *= 0.5;
            }
            if (xNew == null) {
                break;
            }
            double[] sk = subtract(xNew, x);
            double[] yk = subtract(gNew, g);
            double sy = dot(sk, yk);
            if (sy > 1e-12) {
                newest = (newest + 1) % MEMORY;
                s[newest] = sk;
                y[newest] = yk;
                rho[newest] = 1 / sy;
                stored = Math.min(stored + 1, MEMORY);
            }
            boolean settled = fx - fNew <= VALUE_TOLERANCE * Math.max(1, Math.abs(fx));
            x = xNew;
            g = gNew;
            fx = fNew;
            if (settled || maxAbs(g) < GRADIENT_TOLERANCE) {
                break;
            }
        }
        return x;
    }

    /** The two-loop recursion: {@code -H g} for the inverse-Hessian estimate H. */
    private static double[] direction(double[] g, double[][] s, double[][] y, double[] rho, int stored, int newest) {
        double[] q = g.clone();
        double[] a = new double[MEMORY];
        for (int m = 0; m < stored; m++) {
            int i = Math.floorMod(newest - m, MEMORY);
            a[i] = rho[i] * dot(s[i], q);
            q = axpy(-a[i], y[i], q);
        }
        if (stored > 0) {
            double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            for (int k = 0; k < q.length; k++) {
                q[k] *= gamma;
            }
        }
        for (int m = stored - 1; m >= 0; m--) {
            int i = Math.floorMod(newest - m, MEMORY);
            double b = rho[i] * dot(y[i], q);
            q = axpy(a[i] - b, s[i], q);
        }
        return negate(q);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** {@code a * x + y}, new array. */
    private static double[] axpy(double a, double[] x, double[] y) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = a * x[i] + y[i];
        }
        return out;
    }

    private static double[] subtract(double[] a, double[] b) {
        return axpy(-1, b, a);
    }

    private static double[] negate(double[] a) {
        return axpy(-1, a, new double[a.length]);
    }

    private static double[] clamp(double[] x, double limit) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(Math.max(x[i], -limit), limit);
        }
        return x;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static boolean finite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
