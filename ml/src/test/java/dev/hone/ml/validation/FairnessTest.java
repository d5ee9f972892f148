package dev.hone.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FairnessTest {

    @Test
    void theDisparitiesAreTheHandComputedOnes() {
        // A: truth 1 1 0 0, said 1 1 1 0 -> selected 3/4, found 2/2, right 3/4
        // B: truth 1 1 0 0, said 1 0 0 0 -> selected 1/4, found 1/2, right 3/4
        int[] groups = {0, 0, 0, 0, 1, 1, 1, 1};
        int[] truth = {1, 1, 0, 0, 1, 1, 0, 0};
        int[] said = {1, 1, 1, 0, 1, 0, 0, 0};
        Fairness.Report r = Fairness.measure(groups, List.of("A", "B"), truth, said, 1, "yes", 3);
        assertThat(r.groups()).containsExactly(new Fairness.Group("A", 4, 0.75, 1.0, 0.75),
                new Fairness.Group("B", 4, 0.25, 0.5, 0.75));
        assertThat(r.demographicParityDifference()).isCloseTo(0.5, within(1e-12));
        assertThat(r.equalOpportunityDifference()).isCloseTo(0.5, within(1e-12));
        assertThat(r.disparateImpactRatio()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(r.demographicParityInterval().low()).isLessThanOrEqualTo(r.demographicParityInterval().high());
        assertThat(r.disparateImpactInterval().high()).isLessThanOrEqualTo(1.0);
        assertThat(r.positive()).isEqualTo("yes");
    }

    /** On enough rows every disparity's bootstrap interval holds its estimate and has a width. */
    @Test
    void everyIntervalHoldsItsEstimate() {
        java.util.Random random = new java.util.Random(9);
        int n = 4000;
        int[] groups = new int[n];
        int[] truth = new int[n];
        int[] said = new int[n];
        for (int r = 0; r < n; r++) {
            groups[r] = random.nextInt(2);
            truth[r] = random.nextInt(2);
            // Group 1 is found less often: recall 0.8 against 0.6, selections 0.5 against 0.4 or so.
            double found = groups[r] == 0 ? 0.8 : 0.6;
            said[r] = truth[r] == 1 ? (random.nextDouble() < found ? 1 : 0) : (random.nextDouble() < 0.2 ? 1 : 0);
        }
        Fairness.Report r = Fairness.measure(groups, List.of("A", "B"), truth, said, 1, "yes", 3);
        assertThat(r.equalOpportunityDifference()).isCloseTo(0.2, within(0.05));
        for (var pair : List.of(java.util.Map.entry(r.demographicParityDifference(), r.demographicParityInterval()),
                java.util.Map.entry(r.equalOpportunityDifference(), r.equalOpportunityInterval()),
                java.util.Map.entry(r.disparateImpactRatio(), r.disparateImpactInterval()))) {
            assertThat(pair.getValue().low()).isLessThan(pair.getKey());
            assertThat(pair.getValue().high()).isGreaterThan(pair.getKey());
        }
        assertThat(r.equalOpportunityInterval().low()).as("a real gap: the interval excludes 0").isPositive();
    }

    @Test
    void equalTreatmentScoresZeroDifferenceAndARatioOfOne() {
        int[] groups = {0, 0, 1, 1, 2, 2};
        int[] truth = {1, 0, 1, 0, 1, 0};
        int[] said = {1, 0, 1, 0, 1, 0};
        Fairness.Report r = Fairness.measure(groups, List.of("x", "y", "z"), truth, said, 1, "1", 1);
        assertThat(r.demographicParityDifference()).isZero();
        assertThat(r.equalOpportunityDifference()).isZero();
        assertThat(r.disparateImpactRatio()).isEqualTo(1.0);
    }

    @Test
    void reweighingMakesGroupAndClassIndependent() {
        int[] groups = {0, 0, 0, 1};
        int[] classes = {1, 1, 0, 0};
        double[] w = Fairness.reweighing(groups, classes);
        // P(g0) 3/4, P(g1) 1/4, P(c) 1/2 each; P(g0, c1) 1/2, P(g0, c0) 1/4, P(g1, c0) 1/4
        assertThat(w).containsExactly(new double[] {0.75, 0.75, 1.5, 0.5}, within(1e-12));
        // weighted, group 0 is half class 1 and half class 0, as the whole is
        assertThat(w[0] + w[1]).isCloseTo(w[2], within(1e-12));
    }

    @Test
    void badInputIsRefusedNamingTheProblem() {
        assertThatThrownBy(() -> Fairness.measure(new int[] {0, 0}, List.of("A", "B"), new int[] {1, 0},
                new int[] {1, 0}, 1, "1", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fewer than two of [A, B]");
        assertThatThrownBy(() -> Fairness.measure(new int[] {0, 2}, List.of("A", "B"), new int[] {1, 0},
                new int[] {1, 0}, 1, "1", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Row 1's group 2 is not one of the 2 groups [A, B]");
        assertThatThrownBy(() -> Fairness.measure(new int[] {0, 1}, List.of("A", "B"), new int[] {1},
                new int[] {1, 0}, 1, "1", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one each per row");
        assertThatThrownBy(() -> Fairness.reweighing(new int[] {0}, new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
