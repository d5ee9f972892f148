package dev.hone.ml.tuning;

import dev.hone.vocabulary.Direction;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sampler that first tries known good configurations (the best trials of an earlier study of the same model, on
 * the data it had then), then the wrapped sampler's. Trials {@code first} to {@code first + points.size() - 1} are
 * the points, each moved to the space's {@link StartingPoint#nearest nearest} configuration (an earlier study may
 * have searched another space); every other trial is exactly the wrapped sampler's for the same history, seed and
 * number, so this keeps the {@link Sampler} contract. The points' results in this study (on today's data) then
 * inform the wrapped sampler like any other trial's.
 */
public final class WarmStart implements Sampler {

    private final Sampler then;
    private final List<Map<String, Object>> points;
    private final int first;

    /**
     * @param then the sampler of every other trial
     * @param points the configurations to try first, best first
     * @param first the number of the first trial that takes a point (1 when trial 0 is a {@link StartingPoint})
     */
    public WarmStart(Sampler then, List<Map<String, Object>> points, int first) {
        this.then = Objects.requireNonNull(then, "then");
        this.points = points.stream().map(Map::copyOf).toList();
        if (first < 0) {
            throw new IllegalArgumentException("first must be >= 0, was " + first);
        }
        this.first = first;
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, List<Trial> history, Direction direction, long seed,
            int trialNumber) {
        int k = trialNumber - first;
        if (k >= 0 && k < points.size()) {
            return StartingPoint.nearest(Objects.requireNonNull(space, "space").validate(), points.get(k));
        }
        return then.sample(space, history, direction, seed, trialNumber);
    }
}
