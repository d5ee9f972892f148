package dev.hone.ml.tuning;

import dev.hone.vocabulary.Direction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sampler whose trial 0 is a known configuration (the defaults, or the model in production) and
 * whose later trials are the wrapped sampler's. A study that starts from the configuration it is
 * meant to improve on can never end worse than it on the objective: at worst trial 0 wins. Without
 * it the first trials are random draws, and a study of a few trials often loses to the defaults.
 *
 * <p>Trial 0 is the space's configuration {@link #nearest nearest} to the point: each active
 * parameter takes the point's value when it can, else the nearest value it can take. Later trials
 * are exactly what the wrapped sampler proposes for the same history, seed and number, so this
 * keeps the {@link Sampler} contract (a pure function of its arguments).
 */
public final class StartingPoint implements Sampler {

    private final Sampler then;
    private final Map<String, Object> point;

    /**
     * @param then the sampler of trials 1, 2, ...
     * @param point values by parameter name; parameters it leaves out start in the middle of their range
     */
    public StartingPoint(Sampler then, Map<String, Object> point) {
        this.then = Objects.requireNonNull(then, "then");
        this.point = Map.copyOf(point);
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, List<Trial> history, Direction direction, long seed,
            int trialNumber) {
        if (trialNumber == 0) {
            return nearest(Objects.requireNonNull(space, "space").validate(), point);
        }
        return then.sample(space, history, direction, seed, trialNumber);
    }

    /**
     * The configuration of a validated space closest to {@code point}, in declaration order: a number
     * is clamped to the range (and rounded onto an int's step grid), a categorical takes the choice
     * equal to the point's value, else the numerically nearest choice when all are numbers, else the
     * first. A parameter the point leaves out takes the middle of its range (geometric on a log scale)
     * or its first choice. Inactive parameters are absent.
     */
    public static Map<String, Object> nearest(SearchSpace space, Map<String, Object> point) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParameterSpec p : space.parameters()) {
            if (space.isActive(p, values)) {
                values.put(p.name(), nearest(p, point.get(p.name())));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    private static Object nearest(ParameterSpec p, Object value) {
        return switch (p) {
            case FloatParameter f -> clamp(number(value, middle(f.low(), f.high(), f.log())), f.low(), f.high());
            case IntParameter n -> {
                double v = clamp(number(value, middle(n.low(), n.maxValue(), n.log())), n.low(), n.maxValue());
                yield (int) (n.low() + Math.rint((v - n.low()) / n.step()) * n.step());
            }
            case CategoricalParameter c -> choice(c.choices(), value);
        };
    }

    private static String choice(List<String> choices, Object value) {
        if (value == null) {
            return choices.get(0);
        }
        String text = value instanceof Enum<?> e ? e.name() : String.valueOf(value);
        for (String c : choices) {
            if (c.equalsIgnoreCase(text) || sameNumber(c, value)) {
                return c;
            }
        }
        if (value instanceof Number n && choices.stream().allMatch(StartingPoint::isNumber)) {
            String best = choices.get(0);
            for (String c : choices) {
                if (Math.abs(Double.parseDouble(c) - n.doubleValue()) < Math.abs(Double.parseDouble(best) - n.doubleValue())) {
                    best = c;
                }
            }
            return best;
        }
        return choices.get(0);
    }

    private static boolean sameNumber(String choice, Object value) {
        return value instanceof Number n && isNumber(choice) && Double.parseDouble(choice) == n.doubleValue();
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(Object value, double otherwise) {
        return value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : otherwise;
    }

    private static double middle(double low, double high, boolean log) {
        return log ? Math.sqrt(low * high) : (low + high) / 2;
    }

    private static double clamp(double v, double low, double high) {
        return Math.min(Math.max(v, low), high);
    }
}
