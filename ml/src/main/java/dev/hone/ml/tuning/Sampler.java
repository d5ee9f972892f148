package dev.hone.ml.tuning;

import dev.hone.vocabulary.Direction;
import java.util.List;
import java.util.Map;

/**
 * Proposes the next configuration of a study.
 *
 * <p>A proposal is a pure function of its arguments: the same space, history, direction, seed and
 * trial number always give the same map, whatever the order of {@code history}, on any JVM. All
 * randomness comes from a generator derived from {@code (seed, trialNumber)} alone (see
 * {@link TrialRandom}), so a retried Temporal activity proposes exactly what the first attempt did,
 * and no sampler holds state between calls.
 */
public interface Sampler {

    /**
     * @param space the search space; validated here, so an invalid one throws
     *     {@link IllegalArgumentException}
     * @param history the study's other trials in any state; samplers use the COMPLETED and PRUNED
     *     ones and ignore the rest
     * @param direction whether the objective is minimized or maximized
     * @param seed the study's seed
     * @param trialNumber the number of the trial being proposed
     * @return values of the active parameters, in declaration order; inactive ones are absent
     */
    Map<String, Object> sample(
            SearchSpace space, List<Trial> history, Direction direction, long seed, int trialNumber);
}
