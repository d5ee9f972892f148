package dev.hone.ml.tuning;

/**
 * The standard normal distribution's cumulative function and its logarithm, accurate in the
 * tails, for the truncated-normal kernels of {@link NumericParzenEstimator}. The JDK has no
 * {@code erf}; this one sums the everywhere-positive series
 * {@code erf(x) = 2/sqrt(pi) e^(-x^2) sum_n (2x^2)^n x / (1*3*...*(2n+1))} for {@code |x| < 1.5}
 * and evaluates Laplace's continued fraction for {@code erfc} beyond, both to about 1e-15 relative
 * error (checked against CPython's {@code math.erfc}). Only {@link StrictMath} is used, so results
 * are the same on every machine.
 */
final class Gaussian {

    static final double LOG_SQRT_2PI = 0.5 * StrictMath.log(2 * Math.PI);
    private static final double SQRT2 = StrictMath.sqrt(2);
    private static final double SQRT_PI = StrictMath.sqrt(Math.PI);
    private static final double LOG_HALF = StrictMath.log(0.5);
    private static final double SERIES_LIMIT = 1.5;

    private Gaussian() {}

    /** {@code erfc(x) = 1 - erf(x)}. */
    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (x < SERIES_LIMIT) {
            return 1 - erfSeries(x);
        }
        return StrictMath.exp(-x * x) * scaledErfcFraction(x);
    }

    /** {@code log erfc(x)} for {@code x >= 0}, without underflow for large x. */
    private static double logErfcNonNegative(double x) {
        if (x < SERIES_LIMIT) {
            return StrictMath.log(1 - erfSeries(x));
        }
        if (x == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        return -x * x + StrictMath.log(scaledErfcFraction(x));
    }

    /** Standard normal CDF. */
    static double cdf(double z) {
        return 0.5 * erfc(-z / SQRT2);
    }

    /** {@code log cdf(z)}, accurate far into the left tail. */
    static double logCdf(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        if (z > 6) {
            return StrictMath.log1p(-cdf(-z));
        }
        double x = -z / SQRT2;
        if (x < 0) {
            return StrictMath.log(0.5 * erfc(x));
        }
        return LOG_HALF + logErfcNonNegative(x);
    }

    /** {@code log(cdf(b) - cdf(a))} for {@code a <= b}; -infinity for an empty interval. */
    static double logMass(double a, double b) {
        if (!(a < b)) {
            return Double.NEGATIVE_INFINITY;
        }
        if (b <= 0) {
            return logDiff(logCdf(b), logCdf(a));
        }
        if (a > 0) {
            return logMass(-b, -a); // the left tail is the accurate one
        }
        // Central: the two halves (0.5 - cdf(a)) + (cdf(b) - 0.5) from erf, which is accurate near
        // zero, so a narrow interval around the mean keeps its digits.
        return StrictMath.log(0.5 * (erf(-a / SQRT2) + erf(b / SQRT2)));
    }

    /** {@code erf(x)}. */
    static double erf(double x) {
        if (x < 0) {
            return -erf(-x);
        }
        return x < SERIES_LIMIT ? erfSeries(x) : 1 - erfc(x);
    }

    /** {@code log(exp(p) - exp(q))} for {@code p >= q}. */
    private static double logDiff(double p, double q) {
        if (q == Double.NEGATIVE_INFINITY) {
            return p;
        }
        return p + StrictMath.log1p(-StrictMath.exp(q - p));
    }

    /** Log density of the standard normal. */
    static double logPdf(double z) {
        return -0.5 * z * z - LOG_SQRT_2PI;
    }

    private static double erfSeries(double x) {
        double twoXSquared = 2 * x * x;
        double term = x;
        double sum = x;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= twoXSquared / (2 * n + 1);
            sum += term;
        }
        return 2 / SQRT_PI * StrictMath.exp(-x * x) * sum;
    }

    /**
     * {@code e^(x^2) erfc(x)} for {@code x >= 1.5}, from
     * {@code erfc(x) = e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + (2/2)/(x + (3/2)/(x + ...))))}, evaluated
     * with the modified Lentz method.
     */
    private static double scaledErfcFraction(double x) {
        final double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 500; n++) {
            double a = n / 2.0;
            d = x + a * d;
            if (d == 0) {
                d = tiny;
            }
            c = x + a / c;
            if (c == 0) {
                c = tiny;
            }
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return 1 / (f * SQRT_PI);
    }
}
