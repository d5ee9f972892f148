package dev.hone.ml.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** No sampler ever proposes a configuration that the conditions make impossible. */
class ConditionalSamplingTest {

    /** The parameters that should be present, worked out from the conditions by hand. */
    static Set<String> expectedKeys(SearchSpace space, Map<String, Object> p) {
        Set<String> keys = new LinkedHashSet<>();
        for (ParameterSpec spec : space.parameters()) {
            Condition c = spec.condition();
            if (c == null || (keys.contains(c.parameter())
                    && c.values().contains(String.valueOf(p.get(c.parameter()))))) {
                keys.add(spec.name());
            }
        }
        return keys;
    }

    private static void assertPossible(SearchSpace space, Map<String, Object> p) {
        assertThat(p.keySet()).containsExactlyInAnyOrderElementsOf(expectedKeys(space, p));
        int layers = (Integer) p.get("layers");
        assertThat(p.containsKey("width2")).isEqualTo(layers >= 2);
        assertThat(p.containsKey("width3")).isEqualTo(layers == 3);
        assertThat(p.containsKey("momentum")).isEqualTo(p.get("optimizer").equals("sgd"));
    }

    /** Runs a study of {@code n} trials, pruning every fifth, and returns the proposals. */
    private static List<Map<String, Object>> study(Sampler sampler, int n, long seed) {
        SearchSpace space = Spaces.mlp();
        List<Trial> history = new ArrayList<>();
        List<Map<String, Object>> proposals = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Map<String, Object> p = sampler.sample(space, history, Direction.MINIMIZE, seed, t);
            proposals.add(p);
            double loss = Spaces.mlpLoss(p);
            history.add(t % 5 == 4
                    ? Trial.pruned(t, p, List.of(loss + 1, loss + 0.5))
                    : Trial.completed(t, p, loss));
        }
        return proposals;
    }

    @Test
    void randomSamplerNeverProposesAnImpossibleConfiguration() {
        SearchSpace space = Spaces.mlp();
        List<Map<String, Object>> proposals = study(new RandomSampler(), 600, 3);

        proposals.forEach(p -> assertPossible(space, p));
        // and every branch is actually visited
        assertThat(proposals).anyMatch(p -> p.containsKey("width3"));
        assertThat(proposals).anyMatch(p -> !p.containsKey("width2"));
        assertThat(proposals).anyMatch(p -> p.containsKey("momentum"));
    }

    @Test
    void tpeNeverProposesAnImpossibleConfiguration() {
        SearchSpace space = Spaces.mlp();
        for (long seed = 1; seed <= 3; seed++) {
            List<Map<String, Object>> proposals = study(TpeSampler.defaults(), 120, seed);

            proposals.forEach(p -> assertPossible(space, p));
        }
    }

    @Test
    void multivariateTpeNeverProposesAnImpossibleConfiguration() {
        for (long seed = 0; seed < 5; seed++) {
            List<Map<String, Object>> proposals = study(TpeSampler.multivariate(), 120, seed);
            proposals.forEach(p -> assertPossible(Spaces.mlp(), p));
        }
    }

    @Test
    void tpeStillExploresBranchesItHasSeenLittleOf() {
        // Layer widths learn only from trials where the layer existed; a branch that was rare in
        // the start-up trials must still be proposed with valid values.
        SearchSpace space = Spaces.mlp();
        List<Map<String, Object>> proposals = study(new TpeSampler(5, 24), 150, 11);

        assertThat(proposals.subList(5, 150)).anyMatch(p -> p.containsKey("width3"));
        assertThat(proposals).allSatisfy(p -> {
            assertPossible(space, p);
            if (p.containsKey("width3")) {
                assertThat((Integer) p.get("width3")).isBetween(8, 256);
            }
        });
    }
}
