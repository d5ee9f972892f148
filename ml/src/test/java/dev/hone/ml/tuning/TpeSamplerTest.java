package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class TpeSamplerTest {

    private static final Logger LOG = LoggerFactory.getLogger(TpeSamplerTest.class);


    /** Best value after {@code trials} sequential trials. */
    private static double bestOfStudy(Sampler sampler, SearchSpace space,
            ToDoubleFunction<Map<String, Object>> objective, Direction direction, int trials, long seed) {
        List<Trial> history = new ArrayList<>();
        double best = direction == Direction.MINIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (int t = 0; t < trials; t++) {
            Map<String, Object> p = sampler.sample(space, history, direction, seed, t);
            double y = objective.applyAsDouble(p);
            history.add(Trial.completed(t, p, y));
            best = direction.isBetter(y, best) ? y : best;
        }
        return best;
    }

    private static double medianBest(Sampler sampler, SearchSpace space,
            ToDoubleFunction<Map<String, Object>> objective, Direction direction, int trials, int seeds) {
        double[] bests = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            bests[s] = bestOfStudy(sampler, space, objective, direction, trials, 1000 + s);
        }
        Arrays.sort(bests);
        return 0.5 * (bests[(seeds - 1) / 2] + bests[seeds / 2]);
    }

    @Test
    void beatsRandomSearchOnAShiftedSphere() {
        double tpe = medianBest(TpeSampler.defaults(), Spaces.sphere(), Spaces::shiftedSphere,
                Direction.MINIMIZE, 80, 20);
        double random = medianBest(new RandomSampler(), Spaces.sphere(), Spaces::shiftedSphere,
                Direction.MINIMIZE, 80, 20);
        LOG.info("Shifted sphere 5-d, 80 trials, median best over 20 seeds: TPE {} random {}", tpe, random);

        assertThat(tpe).isLessThan(0.2 * random);
    }

    @Test
    void beatsRandomSearchOnAConditionalMixedSpaceWhenMaximizing() {
        ToDoubleFunction<Map<String, Object>> accuracy = p -> 1 / (1 + Spaces.mlpLoss(p));
        double tpe = medianBest(TpeSampler.defaults(), Spaces.mlp(), accuracy, Direction.MAXIMIZE, 80, 15);
        double random = medianBest(new RandomSampler(), Spaces.mlp(), accuracy, Direction.MAXIMIZE, 80, 15);
        LOG.info("MLP space, 80 trials, median best accuracy over 15 seeds: TPE {} random {}", tpe, random);

        // as a loss 1/accuracy - 1: TPE's below 0.6 of random's
        assertThat(1 / tpe - 1).isLessThan(0.6 * (1 / random - 1));
    }

    @Test
    void multivariateTpeAlsoBeatsRandomSearch() {
        double sphere = medianBest(TpeSampler.multivariate(), Spaces.sphere(), Spaces::shiftedSphere,
                Direction.MINIMIZE, 80, 20);
        double sphereRandom = medianBest(new RandomSampler(), Spaces.sphere(), Spaces::shiftedSphere,
                Direction.MINIMIZE, 80, 20);
        ToDoubleFunction<Map<String, Object>> accuracy = p -> 1 / (1 + Spaces.mlpLoss(p));
        double mlp = medianBest(TpeSampler.multivariate(), Spaces.mlp(), accuracy, Direction.MAXIMIZE, 80, 15);
        double mlpRandom = medianBest(new RandomSampler(), Spaces.mlp(), accuracy, Direction.MAXIMIZE, 80, 15);
        LOG.info("Multivariate TPE: sphere {} (random {}), MLP accuracy {} (random {})", sphere, sphereRandom, mlp,
                mlpRandom);

        assertThat(sphere).isLessThan(0.5 * sphereRandom);
        assertThat(1 / mlp - 1).isLessThan(0.8 * (1 / mlpRandom - 1));
    }

    @Test
    void multivariateDrawsTheUnconditionalParametersTogether() {
        // Two good corners, (0.1, 0.9) and (0.9, 0.1). Each marginal of the good trials has both
        // 0.1 and 0.9, so independent TPE also proposes the bad corners (0.1, 0.1) and (0.9, 0.9);
        // the joint kernels keep x and y together.
        SearchSpace space = SearchSpace.of(FloatParameter.uniform("x", 0, 1), FloatParameter.uniform("y", 0, 1));
        List<Trial> history = new ArrayList<>();
        Random random = new Random(3);
        for (int t = 0; t < 60; t++) {
            double x = random.nextDouble();
            double y = random.nextDouble();
            double value = Math.min(Math.hypot(x - 0.1, y - 0.9), Math.hypot(x - 0.9, y - 0.1));
            history.add(Trial.completed(t, Map.of("x", x, "y", y), value));
        }
        int jointGood = 0;
        int independentGood = 0;
        for (int t = 60; t < 160; t++) {
            Map<String, Object> a = TpeSampler.multivariate().sample(space, history, Direction.MINIMIZE, 9, t);
            Map<String, Object> b = TpeSampler.defaults().sample(space, history, Direction.MINIMIZE, 9, t);
            jointGood += ((Double) a.get("x") < 0.5) != ((Double) a.get("y") < 0.5) ? 1 : 0;
            independentGood += ((Double) b.get("x") < 0.5) != ((Double) b.get("y") < 0.5) ? 1 : 0;
        }
        LOG.info("Proposals in a good corner's quadrant: joint {} of 100, independent {}", jointGood,
                independentGood);
        assertThat(jointGood).isGreaterThan(85);
        assertThat(independentGood).isLessThan(70);
    }

    @Test
    void sameInputsGiveTheSameProposalWhateverTheHistoryOrder() {
        SearchSpace space = Spaces.mlp();
        List<Trial> history = new ArrayList<>();
        RandomSampler random = new RandomSampler();
        for (int t = 0; t < 30; t++) {
            Map<String, Object> p = random.sample(space, List.of(), Direction.MINIMIZE, 8, t);
            history.add(t % 7 == 6
                    ? Trial.pruned(t, p, List.of(Spaces.mlpLoss(p) + 1))
                    : Trial.completed(t, p, Spaces.mlpLoss(p)));
        }
        List<Trial> shuffled = new ArrayList<>(history);
        Collections.shuffle(shuffled, new Random(1));
        shuffled.add(new Trial(30, Map.of("layers", 2), TrialState.RUNNING, null, List.of()));

        TpeSampler tpe = TpeSampler.defaults();
        Map<String, Object> first = tpe.sample(space, history, Direction.MINIMIZE, 8, 30);
        Map<String, Object> again = tpe.sample(space, shuffled, Direction.MINIMIZE, 8, 30);
        Map<String, Object> nextTrial = tpe.sample(space, history, Direction.MINIMIZE, 8, 31);

        assertThat(again).isEqualTo(first);
        assertThat(nextTrial).isNotEqualTo(first);
    }

    @Test
    void proposesRandomlyUntilEnoughTrialsHaveFinished() {
        SearchSpace space = Spaces.mlp();
        List<Trial> history = new ArrayList<>();
        for (int t = 0; t < 9; t++) {
            Map<String, Object> p = new RandomSampler().sample(space, List.of(), Direction.MINIMIZE, 4, t);
            history.add(Trial.completed(t, p, Spaces.mlpLoss(p)));
        }
        // running and failed trials do not count towards the start-up
        history.add(new Trial(9, history.get(0).params(), TrialState.FAILED, null, List.of()));
        history.add(Trial.running(10, history.get(1).params(), List.of(1.0)));

        Map<String, Object> tpe = TpeSampler.defaults().sample(space, history, Direction.MINIMIZE, 4, 11);
        Map<String, Object> random = new RandomSampler().sample(space, history, Direction.MINIMIZE, 4, 11);
        assertThat(tpe).isEqualTo(random);

        history.add(Trial.pruned(11, tpe, List.of(3.0)));
        Map<String, Object> afterStartup =
                TpeSampler.defaults().sample(space, history, Direction.MINIMIZE, 4, 12);
        assertThat(afterStartup)
                .isNotEqualTo(new RandomSampler().sample(space, history, Direction.MINIMIZE, 4, 12));
    }

    @Test
    void maximizingAnObjectiveProposesWhatMinimizingItsNegationDoes() {
        SearchSpace space = Spaces.mlp();
        List<Trial> asLoss = new ArrayList<>();
        List<Trial> asScore = new ArrayList<>();
        for (int t = 0; t < 40; t++) {
            Map<String, Object> a = TpeSampler.defaults().sample(space, asLoss, Direction.MINIMIZE, 21, t);
            Map<String, Object> b = TpeSampler.defaults().sample(space, asScore, Direction.MAXIMIZE, 21, t);
            assertThat(b).isEqualTo(a);
            asLoss.add(Trial.completed(t, a, Spaces.mlpLoss(a)));
            asScore.add(Trial.completed(t, b, -Spaces.mlpLoss(b)));
        }
    }

    @Test
    void ranksCompletedTrialsFirstThenPrunedOnesByHowFarTheyGotThenByTheirLastValue() {
        Map<String, Object> p = Map.of("x", 0.5);
        List<Trial> trials = List.of(
                Trial.pruned(0, p, List.of(0.9, 0.2, 0.1)),
                Trial.completed(1, p, 0.8),
                Trial.pruned(2, p, List.of()),
                Trial.pruned(3, p, List.of(0.9, 0.05)),
                Trial.pruned(4, p, List.of(0.9, 0.2, Double.NaN)),
                Trial.completed(5, p, 0.3),
                Trial.pruned(6, p, List.of(0.9, 0.2, 0.4)));

        List<Integer> minimizing = TpeSampler.rank(trials, Direction.MINIMIZE);
        List<Integer> maximizing = TpeSampler.rank(trials, Direction.MAXIMIZE);

        // a completed trial, however bad, beats one pruned at step 3, which beats one at step 2
        assertThat(minimizing).containsExactly(5, 1, 0, 6, 4, 3, 2);
        assertThat(maximizing).containsExactly(1, 5, 6, 0, 4, 3, 2);
    }

    @Test
    void belowGroupFollowsOptunasDefaultGamma() {
        assertThat(TpeSampler.belowCount(10)).isEqualTo(1);
        assertThat(TpeSampler.belowCount(11)).isEqualTo(2);
        assertThat(TpeSampler.belowCount(30)).isEqualTo(3);
        assertThat(TpeSampler.belowCount(240)).isEqualTo(24);
        assertThat(TpeSampler.belowCount(1000)).isEqualTo(25);
    }

    @Test
    void concentratesOnTheOptimumOfAOneDimensionalLogScaleParameter() {
        // loss minimal at lr = 1e-3 on [1e-6, 1]: later proposals cluster within a decade of it
        SearchSpace space = SearchSpace.of(FloatParameter.logUniform("lr", 1e-6, 1));
        List<Trial> history = new ArrayList<>();
        for (int t = 0; t < 60; t++) {
            Map<String, Object> p = TpeSampler.defaults().sample(space, history, Direction.MINIMIZE, 5, t);
            double d = Math.log10((Double) p.get("lr")) + 3;
            history.add(Trial.completed(t, p, d * d));
        }
        long near = history.subList(40, 60).stream()
                .filter(t -> Math.abs(Math.log10((Double) t.params().get("lr")) + 3) < 1)
                .count();
        assertThat(near).isGreaterThanOrEqualTo(15);
    }

    @Test
    void refusesNonsensicalSettings() {
        assertThatThrownBy(() -> new TpeSampler(-1, 24)).hasMessageContaining("startupTrials");
        assertThatThrownBy(() -> new TpeSampler(10, 0)).hasMessageContaining("eiCandidates");
    }
}
