package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Kernel means, bandwidths and weights, categorical probabilities and int interval masses are
 * Optuna 3.1.1's, printed by running its {@code _ParzenEstimator} with TPESampler's defaults
 * (prior on, prior weight 1, magic clip on, endpoints off, default weights, univariate) on the
 * same observations. Continuous log densities are SciPy's {@code truncnorm.logpdf} mixed with
 * those kernels and weights: Optuna 3.1 to 3.4 leave the {@code 1/sigma} factor out of each
 * kernel's density (fixed in 3.5.0, "Fix logpdf for scaled truncnorm"), which would make narrow
 * kernels count for too little.
 */
class ParzenEstimatorTest {

    private static final double TOLERANCE = 1e-12;

    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(TOLERANCE));
        }
    }

    @Test
    void floatKernelsMatchOptunaIncludingTiedObservations() {
        NumericParzenEstimator pe =
                new NumericParzenEstimator(new double[] {1.0, 2.5, 2.5, 7.0, 9.9}, 0.0, 10.0);

        assertClose(pe.mus(), new double[] {1.0, 2.5, 2.5, 7.0, 9.9, 5.0});
        assertClose(pe.sigmas(), new double[] {1.5, 1.5, 2.5, 2.9, 2.9, 10.0});
        double[] xs = {0.0, 0.3, 2.5, 5.0, 9.99, 10.0};
        double[] expected = {-2.3514633873223816, -2.2239471575573986, -1.9596685837374095,
            -2.5003169441493833, -2.572668237820288, -2.57363634401794};
        for (int i = 0; i < xs.length; i++) {
            assertThat(pe.logDensity(xs[i])).isCloseTo(expected[i], within(TOLERANCE));
        }
    }

    @Test
    void tpeScoresFloatsWithOptuna31sBandwidthWeightedDensity() {
        // Optuna 3.1.1's _ParzenEstimator.log_pdf on the same observations, as printed.
        NumericParzenEstimator pe =
                new NumericParzenEstimator(new double[] {1.0, 2.5, 2.5, 7.0, 9.9}, 0.0, 10.0);
        double[] xs = {0.0, 0.3, 2.5, 5.0, 9.99, 10.0};
        double[] expected = {-1.2222937528844748, -1.1430876105580816, -0.9164812395712373,
            -1.0937735796132504, -1.1084495836972357, -1.1092583744592934};
        for (int i = 0; i < xs.length; i++) {
            assertThat(pe.logBandwidthWeightedDensity(xs[i])).isCloseTo(expected[i], within(TOLERANCE));
        }

        double[] obs = {Math.log(1e-3), Math.log(5e-3), Math.log(2e-2)};
        NumericParzenEstimator log = new NumericParzenEstimator(obs, Math.log(1e-4), Math.log(1e-1));
        double[] logXs = {1e-4, 1e-3, 3e-3, 0.05};
        double[] logExpected = {-1.354979280644626, -0.857039681216423, -0.7417388937373913,
            -1.0235303802058167};
        for (int i = 0; i < logXs.length; i++) {
            assertThat(log.logBandwidthWeightedDensity(Math.log(logXs[i])))
                    .isCloseTo(logExpected[i], within(TOLERANCE));
        }
    }

    @Test
    void withoutObservationsOnlyThePriorRemains() {
        NumericParzenEstimator pe = new NumericParzenEstimator(new double[0], -1.0, 3.0);

        assertClose(pe.mus(), new double[] {1.0});
        assertClose(pe.sigmas(), new double[] {4.0});
        double[] xs = {-1.0, 0.0, 1.0, 2.9};
        double[] expected = {-1.470316560628941, -1.376566560628941, -1.345316560628941,
            -1.458129060628941};
        for (int i = 0; i < xs.length; i++) {
            assertThat(pe.logDensity(xs[i])).isCloseTo(expected[i], within(TOLERANCE));
        }
    }

    @Test
    void logScaleKernelsLiveInTheLogSpace() {
        double[] obs = {Math.log(1e-3), Math.log(5e-3), Math.log(2e-2)};
        NumericParzenEstimator pe = new NumericParzenEstimator(obs, Math.log(1e-4), Math.log(1e-1));

        assertClose(pe.sigmas(), new double[] {1.3815510557964275, 1.3862943611198904,
            1.3862943611198904, 6.907755278982137});
        double[] xs = {1e-4, 1e-3, 3e-3, 0.05};
        double[] expected = {-2.9260362020076682, -1.8432152065279424, -1.64203654831158,
            -2.115656365999535};
        for (int i = 0; i < xs.length; i++) {
            assertThat(pe.logDensity(Math.log(xs[i]))).isCloseTo(expected[i], within(TOLERANCE));
        }
    }

    @Test
    void steppedIntsAreScoredByTheMassThatRoundsToEachValue() {
        // IntDistribution(0, 20, step=4): kernels on [-2, 22], mass of [v - 2, v + 2]
        NumericParzenEstimator pe = new NumericParzenEstimator(new double[] {4, 8, 8, 20}, -2, 22);

        assertClose(pe.sigmas(), new double[] {4.0, 4.0, 4.0, 10.0, 24.0});
        double[] vs = {0, 4, 12, 20};
        double[] expected = {-2.1558429979091294, -1.474612000635943, -1.683258748616519,
            -2.4041423924777754};
        for (int i = 0; i < vs.length; i++) {
            assertThat(pe.logMass(vs[i] - 2, vs[i] + 2)).isCloseTo(expected[i], within(TOLERANCE));
        }
    }

    @Test
    void olderObservationsWeighLessOnceThereAreMoreThan25() {
        double[] obs = {0.488, 2.152, 1.028, 0.449, -0.763, 1.459, -0.624, 3.918, 4.637, -1.166,
            2.917, 0.289, 0.68, 4.256, -4.29, -4.129, -4.798, 3.326, 2.782, 3.7, 4.786, 2.992,
            -0.385, 2.805, -3.817, 1.399, -3.566, 4.447, 0.218, -0.853};
        NumericParzenEstimator pe = new NumericParzenEstimator(obs, -5.0, 5.0);

        double[] w = pe.weights();
        assertThat(w[0]).isCloseTo(0.0011661807580174927, within(TOLERANCE));
        assertThat(w[1]).isCloseTo(0.009620991253644314, within(TOLERANCE));
        assertThat(w[3]).isCloseTo(0.026530612244897955, within(TOLERANCE));
        assertThat(w[4]).isCloseTo(0.034985422740524776, within(TOLERANCE));
        assertThat(w[30]).isCloseTo(0.034985422740524776, within(TOLERANCE));
        assertClose(pe.sigmas(), new double[] {0.3125, 0.693, 0.371, 0.3125, 0.3125, 0.693, 0.3125,
            0.338, 0.3125, 2.4, 0.3125, 0.3125, 0.348, 0.338, 0.508, 0.3125, 0.508, 0.374, 0.63,
            0.374, 0.3125, 0.334, 0.385, 0.3125, 0.3125, 0.371, 2.4, 0.3125, 0.3125, 0.313, 10.0});
        double[] xs = {-5.0, -2.0, 0.0, 1.234, 4.5};
        double[] expected = {-2.7701118974493992, -4.137361130433497, -2.0517501132628206,
            -2.35171647985526, -1.709223543676836};
        for (int i = 0; i < xs.length; i++) {
            assertThat(pe.logDensity(xs[i])).isCloseTo(expected[i], within(TOLERANCE));
        }
    }

    @Test
    void categoricalCountsMatchOptuna() {
        CategoricalParzenEstimator pe = new CategoricalParzenEstimator(new int[] {0, 2, 2, 1, 2}, 3);

        assertThat(pe.logProbability(0)).isCloseTo(-1.3499267169490161, within(TOLERANCE));
        assertThat(pe.logProbability(1)).isCloseTo(-1.3499267169490161, within(TOLERANCE));
        assertThat(pe.logProbability(2)).isCloseTo(-0.7308875085427924, within(TOLERANCE));
    }

    @Test
    void samplesStayInsideTheBounds() {
        NumericParzenEstimator pe = new NumericParzenEstimator(new double[] {0.0, 0.01, 1.0}, 0.0, 1.0);
        TrialRandom rng = TrialRandom.forTrial(3, 4);
        for (int i = 0; i < 10_000; i++) {
            assertThat(pe.sample(rng)).isBetween(0.0, 1.0);
        }
    }
}
