package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AshaPrunerTest {

    private static final int STEPS = 27;
    private static final double[] LEVELS = {0.55, 0.62, 0.68, 0.72, 0.78, 0.83, 0.88, 0.93};

    private static List<Trial> finished(Direction direction) {
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < LEVELS.length; i++) {
            List<Double> c = Curves.curve(direction, LEVELS[i], STEPS);
            trials.add(Trial.completed(i, Map.of(), c.getLast(), c));
        }
        return trials;
    }

    private static int stopStep(Pruner pruner, List<Double> curve, List<Trial> others, Direction direction) {
        for (int step = 1; step <= curve.size(); step++) {
            if (pruner.shouldStop(Curves.upTo(100, curve, step), step, others, direction)) {
                return step;
            }
        }
        return 0;
    }

    @Test
    void rungsSitAtMinResourceTimesPowersOfTheReductionFactor() {
        AshaPruner asha = new AshaPruner(2, 3);

        assertThat(List.of(1, 2, 3, 5, 6, 7, 17, 18, 19, 54)).filteredOn(asha::isRung)
                .containsExactly(2, 6, 18, 54);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void onlyTheTopThirdPassesTheFirstRungAndKeepsPassing(Direction direction) {
        AshaPruner asha = new AshaPruner(1, 3);
        List<Trial> others = finished(direction);

        Map<Double, Integer> stoppedAt = new LinkedHashMap<>();
        for (double level : new double[] {0.50, 0.80, 0.86, 0.90, 0.97}) {
            stoppedAt.put(level, stopStep(asha, Curves.curve(direction, level, STEPS), others, direction));
        }

        // nine values at every rung (1, 3, 9, 27): the best three go on, and .86 beats .83
        assertThat(stoppedAt).containsExactly(
                Map.entry(0.50, 1), Map.entry(0.80, 1), Map.entry(0.86, 0), Map.entry(0.90, 0),
                Map.entry(0.97, 0));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void stopsAFastStarterThatFallsBehindAtTheNextRungAndNeverBetweenRungs(Direction direction) {
        AshaPruner asha = new AshaPruner(1, 3);
        List<Trial> others = finished(direction);
        // top at step 1, then flat at the level of the worst trial's step-1 value
        List<Double> best = Curves.curve(direction, 0.97, STEPS);
        List<Double> worst = Curves.curve(direction, 0.55, STEPS);
        List<Double> fastStarter = new ArrayList<>();
        fastStarter.add(best.getFirst());
        for (int t = 2; t <= STEPS; t++) {
            fastStarter.add(worst.getFirst());
        }

        assertThat(stopStep(asha, fastStarter, others, direction)).isEqualTo(3);
        // at step 2 (no rung) even the worst curve goes on
        assertThat(asha.shouldStop(Curves.upTo(100, worst, 2), 2, others, direction)).isFalse();
    }

    @Test
    void goesOnWhileFewerValuesThanTheReductionFactorAreRecorded() {
        AshaPruner asha = new AshaPruner(1, 3);
        List<Trial> oneBetter = List.of(Trial.running(1, Map.of(), List.of(0.9)));
        List<Trial> twoBetter = List.of(
                Trial.running(1, Map.of(), List.of(0.9)), Trial.pruned(2, Map.of(), List.of(0.8)));
        Trial poor = Trial.running(3, Map.of(), List.of(0.1));

        assertThat(asha.shouldStop(poor, 1, oneBetter, Direction.MAXIMIZE)).isFalse();
        assertThat(asha.shouldStop(poor, 1, twoBetter, Direction.MAXIMIZE)).isTrue();
        assertThat(asha.shouldStop(poor, 1, twoBetter, Direction.MINIMIZE)).isFalse();
    }

    @Test
    void sequentialStudyKeepsTheBestAndStopsMostOthersAtTheFirstRung() {
        // Nine trials one after another, in this order of final accuracy (rank 8 best).
        double[] levels = {0.60, 0.64, 0.69, 0.71, 0.76, 0.80, 0.85, 0.87, 0.93};
        int[] order = {4, 8, 0, 6, 2, 7, 1, 5, 3};
        AshaPruner asha = new AshaPruner(1, 3);
        List<Trial> study = new ArrayList<>();
        Map<Integer, Integer> stoppedAt = new LinkedHashMap<>();
        for (int n = 0; n < order.length; n++) {
            List<Double> curve = Curves.accuracy(levels[order[n]], STEPS);
            int stop = stopStep(asha, curve, study, Direction.MAXIMIZE);
            stoppedAt.put(order[n], stop);
            study.add(stop == 0
                    ? Trial.completed(n, Map.of(), curve.getLast(), curve)
                    : Trial.pruned(n, Map.of(), curve.subList(0, stop)));
        }

        // Ranks 4 and 8 never see 3 values at a rung. At step 1, with m values recorded the best
        // m / 3 go on: rank 0 (m=3), 6 (4) and 2 (5) are not the best, rank 7 (6) is second of
        // two promotable, ranks 1 (7) and 5 (8) are not in the top 2, rank 3 (9) not in the top
        // 3 {8, 7, 6}. Rank 7 then meets ranks 4 and 8 at step 3, where only rank 8 goes on.
        // (Asynchronous halving favours early trials: rank 4 finished because it came first.)
        assertThat(stoppedAt).containsExactly(
                Map.entry(4, 0), Map.entry(8, 0), Map.entry(0, 1), Map.entry(6, 1), Map.entry(2, 1),
                Map.entry(7, 3), Map.entry(1, 1), Map.entry(5, 1), Map.entry(3, 1));
    }

    @Test
    void stopsATrialWhoseValueAtARungIsNaN() {
        AshaPruner asha = new AshaPruner(1, 2);

        Trial diverged = Trial.running(0, Map.of(), List.of(Double.NaN));

        assertThat(asha.shouldStop(diverged, 1, List.of(), Direction.MINIMIZE)).isTrue();
    }

    @Test
    void refusesNonsensicalSettings() {
        assertThatThrownBy(() -> new AshaPruner(0, 3)).hasMessageContaining("minResource");
        assertThatThrownBy(() -> new AshaPruner(1, 1)).hasMessageContaining("reductionFactor");
    }
}
