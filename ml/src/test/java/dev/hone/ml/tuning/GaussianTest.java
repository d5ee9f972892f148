package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Reference values: CPython's {@code math.erfc}, SciPy's {@code log_ndtr}, mpmath at 50 digits. */
class GaussianTest {

    private static void assertRelative(double actual, double expected, double tolerance) {
        assertThat(Math.abs(actual - expected)).isLessThanOrEqualTo(tolerance * Math.abs(expected));
    }

    @Test
    void erfcMatchesCPythonAcrossBothMethodsAndTheTail() {
        double[][] cases = {
            {0.1, 0.8875370839817152}, {0.5, 0.4795001221869535}, {1.0, 0.15729920705028513},
            {1.4999, 0.03390674833770473}, {1.5, 0.033894853524689274}, {2.0, 0.004677734981047265},
            {3.0, 2.2090496998585438e-05}, {5.0, 1.5374597944280351e-12}, {10.0, 2.088487583762545e-45},
            {26.0, 5.663192408856143e-296}, {-0.7, 1.6778011938374184}, {-2.0, 1.9953222650189528},
        };
        for (double[] c : cases) {
            assertRelative(Gaussian.erfc(c[0]), c[1], 1e-14);
        }
        assertThat(Gaussian.erfc(0)).isEqualTo(1.0);
    }

    @Test
    void logCdfMatchesSciPyFarIntoTheLeftTail() {
        double[][] cases = {
            {-40.0, -804.6084420137539}, {-10.0, -53.23128515051248}, {-3.0, -6.60772622151035},
            {0.0, -0.6931471805599453}, {2.5, -0.00622902548586}, {7.0, -1.2798125438866539e-12},
        };
        for (double[] c : cases) {
            assertRelative(Gaussian.logCdf(c[0]), c[1], 1e-13);
        }
    }

    @Test
    void logMassIsAccurateInBothTailsAndForTinyIntervals() {
        double[][] cases = {
            {5, 6, -15.068446096529453}, {-40, -39, -765.08315656437754}, {-1, 2, -0.20016629432446258},
            {30, 31, -454.32124395634325}, {-0.001, 0.001, -7.13354679829352},
            {-3, -2.5, -5.3267647240790622}, {0, 1e-9, -21.642204370151084},
        };
        for (double[] c : cases) {
            assertThat(Gaussian.logMass(c[0], c[1])).isCloseTo(c[2], within(1e-9 * Math.abs(c[2])));
        }
        assertThat(Gaussian.logMass(1, 1)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Gaussian.logMass(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)).isEqualTo(0.0);
    }
}
