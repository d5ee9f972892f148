package dev.hone.ml.tuning;

import dev.hone.vocabulary.Direction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Draws every active parameter independently: floats uniformly (log-uniformly when {@code log}),
 * ints uniformly over their step grid (log-uniform ints as Optuna does: uniform in
 * {@code [log(low - 0.5), log(high + 0.5)]}, then rounded), categoricals uniformly. The history is
 * not used. Parameters are drawn in declaration order from the stream
 * {@link TrialRandom#forTrial(long, int)}, so a proposal depends only on the space, the seed and the
 * trial number.
 */
public final class RandomSampler implements Sampler {

    @Override
    public Map<String, Object> sample(
            SearchSpace space, List<Trial> history, Direction direction, long seed, int trialNumber) {
        Objects.requireNonNull(space, "space").validate();
        return draw(space, TrialRandom.forTrial(seed, trialNumber));
    }

    /** Values for the active parameters of a validated space, in declaration order. */
    static Map<String, Object> draw(SearchSpace space, TrialRandom rng) {
        return draw(space, rng, Map.of());
    }

    /** The same, keeping the values {@code given} names for active parameters. */
    static Map<String, Object> draw(SearchSpace space, TrialRandom rng, Map<String, Object> given) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParameterSpec p : space.parameters()) {
            if (space.isActive(p, values)) {
                values.put(p.name(), given.containsKey(p.name()) ? given.get(p.name()) : draw(p, rng));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    static Object draw(ParameterSpec p, TrialRandom rng) {
        return switch (p) {
            case FloatParameter f -> drawFloat(f, rng);
            case IntParameter n -> drawInt(n, rng);
            case CategoricalParameter c -> c.choices().get(rng.nextInt(c.choices().size()));
        };
    }

    private static Double drawFloat(FloatParameter f, TrialRandom rng) {
        if (!f.log()) {
            return rng.nextDouble(f.low(), f.high());
        }
        double x = StrictMath.exp(rng.nextDouble(StrictMath.log(f.low()), StrictMath.log(f.high())));
        return Math.min(Math.max(x, f.low()), f.high());
    }

    private static Integer drawInt(IntParameter n, TrialRandom rng) {
        if (!n.log()) {
            return (int) (n.low() + rng.nextLong(n.valueCount()) * n.step());
        }
        double x = StrictMath.exp(rng.nextDouble(
                StrictMath.log(n.low() - 0.5), StrictMath.log(n.maxValue() + 0.5)));
        return (int) Math.min(Math.max(Math.rint(x), n.low()), n.maxValue());
    }
}
