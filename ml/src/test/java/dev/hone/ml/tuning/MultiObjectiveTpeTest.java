package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TPE in a study with a cost (MOTPE): the good group is Pareto-best on both, and sampling moves to the front. */
class MultiObjectiveTpeTest {

    @Test
    void theGoodGroupIsTheParetoBestOfTheMeasuredTrials() {
        List<Trial> trials = new ArrayList<>();
        // values (maximized) and costs: (0.9, 9), (0.8, 2), (0.5, 1) are the front; (0.7, 5) is beaten by (0.8, 2)
        double[][] measured = {{0.9, 9}, {0.7, 5}, {0.8, 2}, {0.5, 1}, {0.6, 8}, {0.4, 6}, {0.3, 7}, {0.2, 9},
            {0.1, 9}, {0.0, 9}, {0.55, 4}, {0.45, 3}, {0.35, 5}, {0.25, 6}, {0.15, 7}, {0.05, 8}, {0.02, 9},
            {0.01, 9}, {0.03, 9}, {0.04, 9}};
        for (int i = 0; i < measured.length; i++) {
            trials.add(new Trial(i, Map.of("x", 0.5), TrialState.COMPLETED, measured[i][0], List.of(), measured[i][1]));
        }
        trials.add(Trial.pruned(20, Map.of("x", 0.5), List.of(0.99)));

        boolean[] below = TpeSampler.splitBelow(trials, Direction.MAXIMIZE);

        // 21 usable trials: the best 3; the front has exactly 3 members
        assertThat(indices(below)).containsExactly(0, 2, 3);
        // Without costs the same values alone pick the three highest, the pruned one last
        List<Trial> single = trials.stream().map(t -> new Trial(t.number(), t.params(), t.state(), t.value(),
                t.intermediate())).toList();
        assertThat(indices(TpeSampler.splitBelow(single, Direction.MAXIMIZE))).containsExactly(0, 1, 2);
    }

    /**
     * Two objectives that trade x (value x + y, cost 1 - x + y, both minimized): every point with y = 0 is on the
     * front, whatever x. With the cost, TPE draws small y across the whole range of x; on the value alone it draws
     * small y and small x. Random search would average 0.5 for y and spread x evenly.
     */
    @Test
    void samplingMovesTowardsTheWholeFront() {
        double[] withCost = late(true);
        double[] valueOnly = late(false);
        assertThat(withCost[0]).as("mean y of trials 50-79, with the cost").isLessThan(0.25);
        assertThat(withCost[1]).as("spread of x, with the cost").isGreaterThan(0.2);
        assertThat(valueOnly[1]).as("spread of x on the value alone").isLessThan(withCost[1] / 2);
    }

    /** The mean y and the standard deviation of x of trials 50-79 of an 80-trial TPE study. */
    private static double[] late(boolean cost) {
        SearchSpace space = new SearchSpace(List.of(FloatParameter.uniform("x", 0, 1),
                FloatParameter.uniform("y", 0, 1)));
        TpeSampler tpe = TpeSampler.defaults();
        List<Trial> history = new ArrayList<>();
        double sumY = 0;
        double sumX = 0;
        double sumX2 = 0;
        for (int t = 0; t < 80; t++) {
            Map<String, Object> p = tpe.sample(space, history, Direction.MINIMIZE, 4, t);
            double x = (Double) p.get("x");
            double y = (Double) p.get("y");
            history.add(new Trial(t, p, TrialState.COMPLETED, x + y, List.of(), cost ? 1 - x + y : null));
            if (t >= 50) {
                sumY += y;
                sumX += x;
                sumX2 += x * x;
            }
        }
        double meanX = sumX / 30;
        return new double[] {sumY / 30, Math.sqrt(Math.max(0, sumX2 / 30 - meanX * meanX))};
    }

    private static List<Integer> indices(boolean[] below) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < below.length; i++) {
            if (below[i]) {
                out.add(i);
            }
        }
        return out;
    }
}
