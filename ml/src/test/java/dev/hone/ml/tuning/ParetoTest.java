package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoTest {

    /** Three on the first front, then one front each; (5, 5) is beaten by everything. */
    private static final double[][] POINTS = {{1, 5}, {2, 3}, {3, 1}, {2, 4}, {4, 4}, {5, 5}};

    @Test
    void fronts() {
        assertThat(Pareto.ranks(POINTS)).containsExactly(0, 0, 0, 1, 2, 3);
        assertThat(Pareto.front(POINTS)).containsExactly(0, 1, 2);
    }

    @Test
    void dominanceNeedsOneStrictlyBetterObjective() {
        assertThat(Pareto.dominates(new double[] {1, 2}, new double[] {1, 3})).isTrue();
        assertThat(Pareto.dominates(new double[] {1, 2}, new double[] {1, 2})).as("equal").isFalse();
        assertThat(Pareto.dominates(new double[] {1, 4}, new double[] {2, 3})).as("a trade-off").isFalse();
        assertThat(Pareto.ranks(new double[][] {{1, 1}, {1, 1}})).as("equal points share a front").containsExactly(0,
                0);
    }

    @Test
    void crowdingIsInfiniteAtTheEndsAndTheScaledGapBetween() {
        double[] distance = Pareto.crowding(POINTS, List.of(0, 1, 2));
        assertThat(distance[0]).isInfinite();
        assertThat(distance[2]).isInfinite();
        // (2, 3) between (1, 5) and (3, 1): (3 - 1) / (3 - 1) + (5 - 1) / (5 - 1)
        assertThat(distance[1]).isEqualTo(2.0);
    }

    @Test
    void theBestTakeWholeFrontsThenTheLeastCrowdedOfTheNext() {
        assertThat(Pareto.best(POINTS, 4)).containsExactly(true, true, true, true, false, false);
        assertThat(Pareto.best(POINTS, 2)).as("the ends of the first front").containsExactly(true, false, true, false,
                false, false);
        assertThat(Pareto.best(POINTS, 10)).containsOnly(true);
        assertThat(Pareto.best(POINTS, 0)).containsOnly(false);
    }

    @Test
    void anUnmeasuredObjectiveCountsAsTheWorst() {
        double[][] points = {{Double.NaN, 0}, {1, 1}, {2, 2}, {Double.NaN, 1}};
        assertThat(Pareto.ranks(points)).containsExactly(0, 0, 1, 1);
        assertThat(Pareto.crowding(points, List.of(0, 2))).doesNotContain(Double.NaN);
    }
}
