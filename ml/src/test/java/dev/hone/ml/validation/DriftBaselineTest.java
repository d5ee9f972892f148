package dev.hone.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftBaselineTest {

    @Test
    void thePopulationStabilityIndexIsTheHandComputedOne() {
        // (0.9 - 0.5) ln(0.9 / 0.5) + (0.1 - 0.5) ln(0.1 / 0.5)
        assertThat(DriftBaseline.psi(new double[] {0.5, 0.5}, new double[] {0.9, 0.1}))
                .isCloseTo(0.4 * Math.log(1.8) + 0.4 * Math.log(5), within(1e-12));
        assertThat(DriftBaseline.psi(new double[] {0.2, 0.8}, new double[] {0.2, 0.8})).isZero();
    }

    @Test
    void aNumbersDecilesHoldATenthEachAndAShiftRaisesTheIndex() {
        Random random = new Random(1);
        double[] train = new double[10_000];
        for (int i = 0; i < train.length; i++) {
            train[i] = random.nextGaussian();
        }
        train[3] = Double.NaN; // three missing values: a bin of their own
        train[4] = Double.NaN;
        train[5] = Double.NaN;
        DriftBaseline baseline = DriftBaseline.numeric("x", train, 10);
        assertThat(baseline.edges()).hasSize(9).isSorted();
        assertThat(baseline.shares()).hasSize(11);
        assertThat(baseline.shares().subList(0, 10)).allSatisfy(s -> assertThat(s).isCloseTo(0.1, within(0.002)));
        assertThat(baseline.shares().getLast()).isCloseTo(3e-4, within(1e-12));

        double[] same = new double[5_000];
        double[] shifted = new double[5_000];
        for (int i = 0; i < same.length; i++) {
            same[i] = random.nextGaussian();
            shifted[i] = random.nextGaussian() + 1; // one standard deviation up
        }
        assertThat(baseline.psi(same)).isLessThan(0.02);
        assertThat(baseline.psi(shifted)).isGreaterThan(0.25);
    }

    @Test
    void categoriesKeepTheMostFrequentAndCountTheRestAsOther() {
        String[] train = {"red", "red", "red", "blue", "blue", "green", null, "pink"};
        DriftBaseline baseline = DriftBaseline.categorical("colour", train, 2);
        assertThat(baseline.categories()).containsExactly("red", "blue");
        // red 3/8, blue 2/8, other (green, pink) 2/8, missing 1/8
        assertThat(baseline.shares()).containsExactly(3 / 8.0, 2 / 8.0, 2 / 8.0, 1 / 8.0);
        assertThat(baseline.psi(train)).isZero();
        assertThat(baseline.psi(new String[] {"blue", "blue", "blue", "blue"})).isGreaterThan(1);
    }

    @Test
    void theBinnerPutsRawCellsWhereSharesPutValues() {
        double[] values = new Random(3).doubles(500).map(v -> v * 10).toArray();
        DriftBaseline numbers = DriftBaseline.numeric("x", values, 10);
        DriftBaseline.Binner bins = numbers.binner();
        assertThat(bins.bins()).isEqualTo(numbers.shares().size());
        double[] counts = new double[bins.bins()];
        for (double v : values) {
            counts[bins.bin(Double.toString(v))]++;
        }
        double[] shares = numbers.shares(values);
        for (int b = 0; b < counts.length; b++) {
            assertThat(counts[b] / values.length).isEqualTo(shares[b], within(1e-12));
        }
        int missing = bins.bins() - 1;
        assertThat(bins.bin((String) null)).isEqualTo(missing);
        assertThat(bins.bin("")).isEqualTo(missing);
        assertThat(bins.bin("NA")).isEqualTo(missing);
        assertThat(bins.bin("not a number")).isEqualTo(missing);
        assertThat(bins.bin(" 1e9 ")).as("beyond the last edge").isEqualTo(missing - 1);
        assertThat(bins.bin("-1e9")).isZero();

        DriftBaseline colours = DriftBaseline.categorical("c", new String[] {"red", "red", "blue", "green"}, 2);
        DriftBaseline.Binner c = colours.binner();
        assertThat(c.bin("red")).isZero();
        assertThat(c.bin("blue")).isEqualTo(1);
        assertThat(c.bin("green")).as("not kept: other").isEqualTo(2);
        assertThat(c.bin("?")).isEqualTo(3);
        assertThat(c.bin(1.5)).as("a number in a category baseline").isEqualTo(2);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> DriftBaseline.numeric("x", new double[] {1}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 bins");
        DriftBaseline baseline = DriftBaseline.numeric("x", new double[] {1, 2, 3}, 2);
        assertThatThrownBy(() -> baseline.shares(new String[] {"a"})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("x is a number");
        assertThatThrownBy(() -> baseline.psi(new double[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No values");
    }
}
