package dev.hone.ml.tuning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Exhaustive search over a grid. Each parameter gets a finite list of values:
 *
 * <ul>
 *   <li>float: {@code points} evenly spaced values from low to high, both included (geometrically
 *       spaced when {@code log}); the midpoint (geometric mean) when {@code points == 1};
 *   <li>int: every value of its step grid when there are at most {@code points}, else
 *       {@code points} of them evenly spread from the smallest to the largest (evenly in the
 *       logarithm, then rounded and deduplicated, when {@code log});
 *   <li>categorical: every choice.
 * </ul>
 *
 * The grid is the cartesian product of these lists over the ACTIVE parameters only: a conditional
 * parameter is expanded under the combinations of earlier values that activate it and absent
 * elsewhere, so no grid point is an impossible configuration. Points are ordered like nested loops
 * in declaration order, the first parameter outermost. Trial {@code k} gets point
 * {@code k % size}; the history and the seed are not used.
 */
public final class GridSampler implements Sampler {

    /** Above this many points {@link #grid} refuses to list them (use {@link #point}). */
    static final int MAX_LISTED_POINTS = 1_000_000;

    private final int pointsPerContinuousParameter;

    public GridSampler(int pointsPerContinuousParameter) {
        requirePositive(pointsPerContinuousParameter);
        this.pointsPerContinuousParameter = pointsPerContinuousParameter;
    }

    public int pointsPerContinuousParameter() {
        return pointsPerContinuousParameter;
    }

    @Override
    public Map<String, Object> sample(
            SearchSpace space, List<Trial> history, Direction direction, long seed, int trialNumber) {
        Objects.requireNonNull(space, "space").validate();
        long size = countLong(space, pointsPerContinuousParameter);
        return point(space, pointsPerContinuousParameter, Math.floorMod((long) trialNumber, size));
    }

    /** Every grid point, in order. */
    public static List<Map<String, Object>> grid(SearchSpace space, int points) {
        Objects.requireNonNull(space, "space").validate();
        requirePositive(points);
        long size = countLong(space, points);
        if (size > MAX_LISTED_POINTS) {
            throw new IllegalArgumentException(
                    "The grid has " + size + " points, too many to list (at most " + MAX_LISTED_POINTS + ")");
        }
        List<List<Object>> values = valueLists(space, points);
        List<Map<String, Object>> out = new ArrayList<>((int) size);
        enumerate(space, values, 0, new LinkedHashMap<>(), out);
        return Collections.unmodifiableList(out);
    }

    /** Number of grid points, {@link Integer#MAX_VALUE} when there are more. */
    public static int gridSize(SearchSpace space, int points) {
        Objects.requireNonNull(space, "space").validate();
        requirePositive(points);
        return (int) Math.min(countLong(space, points), Integer.MAX_VALUE);
    }

    /**
     * Refuses a grid that a study of {@code maxTrials} trials cannot cover.
     *
     * @throws IllegalArgumentException naming both numbers
     */
    public static void requireFitsBudget(SearchSpace space, int points, int maxTrials) {
        int size = gridSize(space, points);
        if (size > maxTrials) {
            throw new IllegalArgumentException("maxTrials: the grid has "
                    + (size == Integer.MAX_VALUE ? "at least " + Integer.MAX_VALUE : size)
                    + " points but the study allows only " + maxTrials + " trials");
        }
    }

    /** Grid point number {@code index} ({@code 0 <= index < size}), without listing the grid. */
    static Map<String, Object> point(SearchSpace space, int points, long index) {
        List<List<Object>> values = valueLists(space, points);
        Set<String> parents = parentNames(space);
        Map<String, Object> chosen = new LinkedHashMap<>();
        long rest = index;
        List<ParameterSpec> params = space.parameters();
        for (int i = 0; i < params.size(); i++) {
            ParameterSpec p = params.get(i);
            if (!space.isActive(p, chosen)) {
                continue;
            }
            List<Object> options = values.get(i);
            if (!parents.contains(p.name())) {
                // Nothing later depends on p, so every option heads a sub-grid of the same size.
                long sub = count(space, values, parents, i + 1, chosen);
                chosen.put(p.name(), options.get((int) (rest / sub)));
                rest %= sub;
                continue;
            }
            for (Object option : options) {
                chosen.put(p.name(), option);
                long sub = count(space, values, parents, i + 1, chosen);
                if (rest < sub) {
                    break;
                }
                rest -= sub;
            }
        }
        return Collections.unmodifiableMap(chosen);
    }

    private static long countLong(SearchSpace space, int points) {
        return count(space, valueLists(space, points), parentNames(space), 0, new LinkedHashMap<>());
    }

    /** Points of the sub-grid over parameters {@code from..} given the earlier choices; saturates. */
    private static long count(SearchSpace space, List<List<Object>> values, Set<String> parents, int from,
            Map<String, Object> chosen) {
        List<ParameterSpec> params = space.parameters();
        for (int i = from; i < params.size(); i++) {
            ParameterSpec p = params.get(i);
            if (!space.isActive(p, chosen)) {
                continue;
            }
            if (!parents.contains(p.name())) {
                return saturatedMultiply(values.get(i).size(), count(space, values, parents, i + 1, chosen));
            }
            long total = 0;
            for (Object option : values.get(i)) {
                Map<String, Object> next = new LinkedHashMap<>(chosen);
                next.put(p.name(), option);
                total = saturatedAdd(total, count(space, values, parents, i + 1, next));
            }
            return total;
        }
        return 1;
    }

    private static void enumerate(SearchSpace space, List<List<Object>> values, int from,
            LinkedHashMap<String, Object> chosen, List<Map<String, Object>> out) {
        List<ParameterSpec> params = space.parameters();
        for (int i = from; i < params.size(); i++) {
            ParameterSpec p = params.get(i);
            if (!space.isActive(p, chosen)) {
                continue;
            }
            for (Object option : values.get(i)) {
                chosen.put(p.name(), option);
                enumerate(space, values, i + 1, chosen, out);
            }
            chosen.remove(p.name());
            return;
        }
        out.add(Collections.unmodifiableMap(new LinkedHashMap<>(chosen)));
    }

    /** Names of the parameters some condition refers to. */
    private static Set<String> parentNames(SearchSpace space) {
        Set<String> parents = new LinkedHashSet<>();
        for (ParameterSpec p : space.parameters()) {
            if (p.condition() != null) {
                parents.add(p.condition().parameter());
            }
        }
        return parents;
    }

    private static List<List<Object>> valueLists(SearchSpace space, int points) {
        List<List<Object>> lists = new ArrayList<>();
        for (ParameterSpec p : space.parameters()) {
            lists.add(values(p, points));
        }
        return lists;
    }

    /** The grid values of one parameter, in increasing order (choices in their listed order). */
    static List<Object> values(ParameterSpec p, int points) {
        return switch (p) {
            case FloatParameter f -> floatValues(f, points);
            case IntParameter n -> intValues(n, points);
            case CategoricalParameter c -> List.copyOf(c.choices());
        };
    }

    private static List<Object> floatValues(FloatParameter f, int points) {
        if (f.low() == f.high()) {
            return List.of(f.low());
        }
        double lo = f.log() ? StrictMath.log(f.low()) : f.low();
        double hi = f.log() ? StrictMath.log(f.high()) : f.high();
        List<Object> out = new ArrayList<>();
        if (points == 1) {
            double mid = 0.5 * (lo + hi);
            out.add(f.log() ? StrictMath.exp(mid) : mid);
            return out;
        }
        for (int i = 0; i < points; i++) {
            double x;
            if (i == 0) {
                x = f.low();
            } else if (i == points - 1) {
                x = f.high();
            } else {
                double t = lo + (hi - lo) * i / (points - 1);
                x = f.log() ? StrictMath.exp(t) : t;
            }
            out.add(x);
        }
        return out;
    }

    private static List<Object> intValues(IntParameter n, int points) {
        long count = n.valueCount();
        Set<Integer> out = new LinkedHashSet<>();
        if (count <= points) {
            for (long k = 0; k < count; k++) {
                out.add((int) (n.low() + k * n.step()));
            }
        } else if (points == 1) {
            out.add((int) (n.log()
                    ? Math.rint(StrictMath.sqrt((double) n.low() * n.maxValue()))
                    : n.low() + (count - 1) / 2 * n.step()));
        } else if (n.log()) {
            double lo = StrictMath.log(n.low());
            double hi = StrictMath.log(n.maxValue());
            for (int i = 0; i < points; i++) {
                double x = i == points - 1 ? n.maxValue() : StrictMath.exp(lo + (hi - lo) * i / (points - 1));
                out.add((int) Math.min(Math.max(Math.rint(x), n.low()), n.maxValue()));
            }
        } else {
            for (int i = 0; i < points; i++) {
                long k = Math.round((double) (count - 1) * i / (points - 1));
                out.add((int) (n.low() + k * n.step()));
            }
        }
        return List.copyOf(out);
    }

    private static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static void requirePositive(int points) {
        if (points < 1) {
            throw new IllegalArgumentException(
                    "pointsPerContinuousParameter must be >= 1, was " + points);
        }
    }
}
