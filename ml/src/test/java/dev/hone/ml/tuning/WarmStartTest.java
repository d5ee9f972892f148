package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmStartTest {

    @Test
    void itsTrialsAreThePointsMovedIntoTheSpaceThenTheWrappedSamplers() {
        Sampler random = new RandomSampler();
        SearchSpace space = SearchSpace.of(FloatParameter.uniform("x", 0, 1), IntParameter.stepped("n", 10, 50, 10));
        Sampler warm = new WarmStart(random, List.of(Map.of("x", 0.25, "n", 20), Map.of("x", 7.0, "n", 34)), 1);
        List<Trial> none = List.of();
        assertThat(warm.sample(space, none, Direction.MINIMIZE, 3, 0))
                .isEqualTo(random.sample(space, none, Direction.MINIMIZE, 3, 0));
        assertThat(warm.sample(space, none, Direction.MINIMIZE, 3, 1)).isEqualTo(Map.of("x", 0.25, "n", 20));
        assertThat(warm.sample(space, none, Direction.MINIMIZE, 3, 2)).as("outside the space: its nearest point")
                .isEqualTo(Map.of("x", 1.0, "n", 30));
        for (int n = 3; n < 10; n++) {
            assertThat(warm.sample(space, none, Direction.MINIMIZE, 3, n))
                    .isEqualTo(random.sample(space, none, Direction.MINIMIZE, 3, n));
        }
    }

    /**
     * What warm-starting is for: a second study of the same problem, warm-started from the first's three best
     * trials, is better after five trials than a cold study of the same sampler and seed after five, and than the
     * cold one after twenty.
     */
    @Test
    void aWarmStartedStudyBeginsWhereTheEarlierStudyEnded() {
        SearchSpace space = Spaces.sphere();
        List<Trial> earlier = study(TpeSampler.defaults(), space, 40, 11);
        List<Map<String, Object>> best = earlier.stream().sorted(Comparator.comparingDouble(Trial::value)).limit(3)
                .map(Trial::params).toList();
        List<Trial> cold = study(TpeSampler.defaults(), space, 20, 12);
        List<Trial> warm = study(new WarmStart(TpeSampler.defaults(), best, 0), space, 5, 12);
        double coldAfter5 = cold.subList(0, 5).stream().mapToDouble(Trial::value).min().orElseThrow();
        double coldAfter20 = cold.stream().mapToDouble(Trial::value).min().orElseThrow();
        double warmAfter5 = warm.stream().mapToDouble(Trial::value).min().orElseThrow();
        assertThat(warmAfter5).isLessThan(coldAfter5).isLessThan(coldAfter20);
        assertThat(warmAfter5).isEqualTo(earlier.stream().mapToDouble(Trial::value).min().orElseThrow());
    }

    private static List<Trial> study(Sampler sampler, SearchSpace space, int trials, long seed) {
        List<Trial> history = new ArrayList<>();
        for (int n = 0; n < trials; n++) {
            Map<String, Object> p = sampler.sample(space, history, Direction.MINIMIZE, seed, n);
            history.add(new Trial(n, p, TrialState.COMPLETED, Spaces.shiftedSphere(p), List.of()));
        }
        return history;
    }
}
