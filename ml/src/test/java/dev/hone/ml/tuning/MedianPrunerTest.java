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

class MedianPrunerTest {

    private static final int STEPS = 20;
    /** Final accuracies of eight finished trials; the median of the middle two is 0.75. */
    private static final double[] LEVELS = {0.55, 0.62, 0.68, 0.72, 0.78, 0.83, 0.88, 0.93};

    private static List<Trial> finished(Direction direction) {
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < LEVELS.length; i++) {
            List<Double> c = Curves.curve(direction, LEVELS[i], STEPS);
            trials.add(Trial.completed(i, Map.of(), c.getLast(), c));
        }
        return trials;
    }

    /** The first step at which {@code pruner} stops a trial following {@code curve}; 0 if none. */
    private static int stopStep(Pruner pruner, List<Double> curve, List<Trial> others, Direction direction) {
        for (int step = 1; step <= curve.size(); step++) {
            if (pruner.shouldStop(Curves.upTo(100, curve, step), step, others, direction)) {
                return step;
            }
        }
        return 0;
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void stopsTrialsBelowTheMedianRightAfterTheWarmUpAndNeverTheGoodOnes(Direction direction) {
        MedianPruner pruner = new MedianPruner(3, 4);
        List<Trial> others = finished(direction);

        Map<Double, Integer> stoppedAt = new LinkedHashMap<>();
        for (double level : new double[] {0.50, 0.70, 0.74, 0.76, 0.80, 0.95}) {
            stoppedAt.put(level, stopStep(pruner, Curves.curve(direction, level, STEPS), others, direction));
        }

        assertThat(stoppedAt).containsExactly(
                Map.entry(0.50, 4), Map.entry(0.70, 4), Map.entry(0.74, 4),
                Map.entry(0.76, 0), Map.entry(0.80, 0), Map.entry(0.95, 0));
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void judgesTheBestValueSoFarSoOneBadEpochDoesNotStopATrial(Direction direction) {
        MedianPruner pruner = new MedianPruner(3, 4);
        List<Double> curve = new ArrayList<>(Curves.curve(direction, 0.85, STEPS));
        // epoch 8 collapses to the level of a bad trial, then recovers
        curve.set(7, Curves.curve(direction, 0.30, STEPS).get(7));

        assertThat(stopStep(pruner, curve, finished(direction), direction)).isZero();
    }

    @Test
    void comparesWithTheOthersBestSoFarAtTheSameStepNotTheirFinalValues() {
        // The other trial peaked at step 2 (0.9) and then degraded to 0.1; at step 4 its best
        // so far is 0.9, so a trial at 0.5 is below the median and stops.
        MedianPruner pruner = new MedianPruner(0, 1);
        Trial peaked = Trial.completed(1, Map.of(), 0.1, List.of(0.5, 0.9, 0.4, 0.2, 0.1));
        Trial trial = Trial.running(2, Map.of(), List.of(0.5, 0.5, 0.5, 0.5));

        assertThat(pruner.shouldStop(trial, 4, List.of(peaked), Direction.MAXIMIZE)).isTrue();
        assertThat(pruner.shouldStop(trial, 1, List.of(peaked), Direction.MAXIMIZE)).isFalse();
    }

    @Test
    void neverStopsDuringTheWarmUpOrWithTooFewTrialsAtTheStep() {
        List<Trial> others = finished(Direction.MAXIMIZE);
        List<Double> bad = Curves.accuracy(0.2, STEPS);

        assertThat(stopStep(new MedianPruner(10, 4), bad, others, Direction.MAXIMIZE)).isEqualTo(11);
        // only three others reached step 5: two were pruned at step 4
        List<Trial> fewAtStep5 = new ArrayList<>(others.subList(0, 3));
        fewAtStep5.add(Trial.pruned(3, Map.of(), Curves.accuracy(0.9, 4)));
        fewAtStep5.add(Trial.pruned(4, Map.of(), Curves.accuracy(0.9, 4)));
        MedianPruner needsFour = new MedianPruner(4, 4);
        assertThat(needsFour.shouldStop(Curves.upTo(100, bad, 5), 5, fewAtStep5, Direction.MAXIMIZE))
                .isFalse();
        assertThat(stopStep(needsFour, bad, fewAtStep5, Direction.MAXIMIZE)).isZero();
    }

    @Test
    void ignoresItselfAmongTheOthersAndStopsADivergedTrial() {
        MedianPruner pruner = new MedianPruner(0, 1);
        Trial self = Trial.running(7, Map.of(), List.of(0.1, 0.1));
        Trial diverged = Trial.running(8, Map.of(), List.of(Double.NaN, Double.NaN));

        assertThat(pruner.shouldStop(self, 2, List.of(self), Direction.MAXIMIZE)).isFalse();
        assertThat(pruner.shouldStop(diverged, 2, List.of(self), Direction.MINIMIZE)).isTrue();
    }

    @Test
    void sequentialStudyStopsTheWorseHalfAndKeepsTheBest() {
        // Nine trials run one after another, in this order of final accuracy (rank 8 best).
        double[] levels = {0.60, 0.64, 0.69, 0.71, 0.76, 0.80, 0.85, 0.87, 0.93};
        int[] order = {4, 8, 0, 6, 2, 7, 1, 5, 3};
        MedianPruner pruner = new MedianPruner(2, 2);
        List<Trial> study = new ArrayList<>();
        Map<Integer, Integer> stoppedAt = new LinkedHashMap<>();
        for (int n = 0; n < order.length; n++) {
            List<Double> curve = Curves.accuracy(levels[order[n]], STEPS);
            int stop = stopStep(pruner, curve, study, Direction.MAXIMIZE);
            stoppedAt.put(order[n], stop);
            study.add(stop == 0
                    ? Trial.completed(n, Map.of(), curve.getLast(), curve)
                    : Trial.pruned(n, Map.of(), curve.subList(0, stop)));
        }

        // The curves share their shape, so comparing levels is enough. Ranks 4 and 8 have fewer
        // than 2 others. Step 3 is the first after the warm-up: rank 0 against {.76, .93}, median
        // .845: stop. Rank 6 (.85) against {.76, .93, .60}: on; from step 4 only {.76, .93}
        // remain, median .845: on. Rank 2 (.69) against median .805: stop. Rank 7 (.87): on.
        // Rank 1 (.64): stop. Rank 5 (.80) passes step 3 (median .76) but at step 4 faces
        // {.76, .93, .85, .87}, median .86: stop. Rank 3 (.71) against median .78: stop.
        assertThat(stoppedAt).containsExactly(
                Map.entry(4, 0), Map.entry(8, 0), Map.entry(0, 3), Map.entry(6, 0), Map.entry(2, 3),
                Map.entry(7, 0), Map.entry(1, 3), Map.entry(5, 4), Map.entry(3, 3));
    }

    @Test
    void refusesNonsensicalSettingsAndSteps() {
        assertThatThrownBy(() -> new MedianPruner(-1, 1)).hasMessageContaining("warmupSteps");
        assertThatThrownBy(() -> new MedianPruner(0, 0)).hasMessageContaining("minTrials");
        Trial t = Trial.running(0, Map.of(), List.of(1.0));
        assertThatThrownBy(() -> new MedianPruner(0, 1).shouldStop(t, 2, List.of(), Direction.MINIMIZE))
                .hasMessageContaining("steps 1..1");
    }
}
