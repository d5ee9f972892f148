package dev.hone.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    /** 400 rows, the first 320 right: accuracy 0.8. */
    private static final int[] RIGHT = new int[400];

    static {
        for (int i = 0; i < 320; i++) {
            RIGHT[i] = 1;
        }
    }

    private static Map<String, Double> accuracy(int[] rows) {
        double sum = 0;
        for (int r : rows) {
            sum += RIGHT[r];
        }
        return Map.of("accuracy", sum / rows.length);
    }

    @Test
    void theAccuracyIntervalIsTheBinomialOne() {
        Bootstrap.Interval i = Bootstrap.intervals(400, BootstrapTest::accuracy, 0.95, 1, () -> { }).get("accuracy");

        // Normal approximation: 0.8 +- 1.96 * sqrt(0.8 * 0.2 / 400) = [0.761, 0.839]; 1000 resamples land within
        // about 0.01 of it.
        assertThat(i.low()).isCloseTo(0.761, within(0.01));
        assertThat(i.high()).isCloseTo(0.839, within(0.01));
    }

    @Test
    void aSmallTestSetGetsAWideInterval() {
        // 27 rows, 23 right (0.85): the kind of test split a 180-row upload leaves.
        Bootstrap.Interval i = Bootstrap.intervals(27, rows -> {
            double sum = 0;
            for (int r : rows) {
                sum += r < 23 ? 1 : 0;
            }
            return Map.of("accuracy", sum / rows.length);
        }, 0.95, 2, () -> { }).get("accuracy");

        assertThat(i.high() - i.low()).isGreaterThan(0.2);
        assertThat(i.low()).isLessThan(0.75);
    }

    @Test
    void sameSeedSameIntervalsAndEveryResampleIsReported() {
        AtomicInteger resamples = new AtomicInteger();
        var first = Bootstrap.intervals(400, BootstrapTest::accuracy, 0.9, 7, resamples::incrementAndGet);
        var again = Bootstrap.intervals(400, BootstrapTest::accuracy, 0.9, 7, () -> { });

        assertThat(again).isEqualTo(first);
        assertThat(resamples).hasValue(Bootstrap.RESAMPLES);
    }

    @Test
    void aMetricMissingFromMostResamplesHasNoInterval() {
        var intervals = Bootstrap.intervals(50, rows -> rows[0] % 10 == 0
                ? Map.of("rare", 1.0, "always", 2.0) : Map.of("always", 2.0, "nan", Double.NaN), 0.95, 3, () -> { });

        assertThat(intervals).containsOnlyKeys("always");
        assertThat(intervals.get("always")).isEqualTo(new Bootstrap.Interval(2.0, 2.0));
    }

    @Test
    void largeTestSetsGetFewerResamples() {
        assertThat(Bootstrap.resamples(30)).isEqualTo(1000);
        assertThat(Bootstrap.resamples(150_000)).isEqualTo(133);
        assertThat(Bootstrap.resamples(10_000_000)).isEqualTo(100);
    }

    @Test
    void quantilesInterpolateAsNumpyDoes() {
        double[] sorted = {1, 2, 3, 4};
        // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.975]) = [1.75, 2.5, 3.925]
        assertThat(List.of(Bootstrap.quantile(sorted, 0.25), Bootstrap.quantile(sorted, 0.5),
                Bootstrap.quantile(sorted, 0.975))).containsExactly(1.75, 2.5, 3.925);
    }

    @Test
    void refusesNoRowsAndABadLevel() {
        assertThatThrownBy(() -> Bootstrap.intervals(0, BootstrapTest::accuracy, 0.95, 1, () -> { }))
                .hasMessageContaining("No rows");
        assertThatThrownBy(() -> Bootstrap.intervals(10, BootstrapTest::accuracy, 1.0, 1, () -> { }))
                .hasMessageContaining("level");
    }
}
