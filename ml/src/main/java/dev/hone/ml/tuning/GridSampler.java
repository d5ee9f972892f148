package dev.hone.ml.tuning;

import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
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
 *
 * <p>Nothing here lists a parameter's values or the grid to learn their size: sizes come from the
 * bounds by arithmetic (saturating, so no overflow), values are computed one at a time, and a count
 * stops as soon as it passes the number the caller cares about. So a caller may ask about a grid of
 * 10<sup>18</sup> points, or a billion points per parameter, in constant memory and in time that
 * grows only with the answer it needs.
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
        Grid grid = new Grid(space, pointsPerContinuousParameter);
        // Counting up to the trial number is enough: a larger grid means point trialNumber itself.
        long size = grid.count(Math.max(0, trialNumber));
        return grid.point(Math.floorMod((long) trialNumber, size));
    }

    /** Every grid point, in order. */
    public static List<Map<String, Object>> grid(SearchSpace space, int points) {
        Objects.requireNonNull(space, "space").validate();
        requirePositive(points);
        Grid grid = new Grid(space, points);
        long size = grid.count(MAX_LISTED_POINTS);
        if (size > MAX_LISTED_POINTS) {
            throw new IllegalArgumentException(
                    "The grid has at least " + size + " points, too many to list (at most " + MAX_LISTED_POINTS + ")");
        }
        List<Map<String, Object>> out = new ArrayList<>((int) size);
        grid.enumerate(0, new LinkedHashMap<>(), out);
        return Collections.unmodifiableList(out);
    }

    /** Number of grid points, {@link Integer#MAX_VALUE} when there are more. */
    public static int gridSize(SearchSpace space, int points) {
        return (int) Math.min(gridSize(space, points, Integer.MAX_VALUE - 1L), Integer.MAX_VALUE);
    }

    /**
     * Number of grid points when there are at most {@code limit}; otherwise some number above
     * {@code limit} that the grid has at least. The work grows with the answer up to {@code limit},
     * never with the size of the grid.
     */
    public static long gridSize(SearchSpace space, int points, long limit) {
        Objects.requireNonNull(space, "space").validate();
        requirePositive(points);
        return new Grid(space, points).count(limit);
    }

    /**
     * Refuses a grid that a study of {@code maxTrials} trials cannot cover.
     *
     * @throws IllegalArgumentException naming both numbers
     */
    public static void requireFitsBudget(SearchSpace space, int points, int maxTrials) {
        long size = gridSize(space, points, maxTrials);
        if (size > maxTrials) {
            throw new IllegalArgumentException("maxTrials: the grid has at least " + size
                    + " points but the study allows only " + maxTrials + " trials");
        }
    }

    /** Grid point number {@code index} ({@code 0 <= index < size}), without listing the grid. */
    static Map<String, Object> point(SearchSpace space, int points, long index) {
        return new Grid(space, points).point(index);
    }

    /** The grid values of one parameter, in increasing order (choices in their listed order). */
    static List<Object> values(ParameterSpec p, int points) {
        List<Object> out = new ArrayList<>();
        axis(p, points).forEach(out::add);
        return out;
    }

    /** One grid over a space: the parameters' axes and which parameters others depend on. */
    private static final class Grid {
        private final SearchSpace space;
        private final List<ParameterSpec> params;
        private final List<Axis> axes = new ArrayList<>();
        private final Set<String> parents = new LinkedHashSet<>();

        Grid(SearchSpace space, int points) {
            this.space = space;
            this.params = space.parameters();
            for (ParameterSpec p : params) {
                axes.add(axis(p, points));
                if (p.condition() != null) {
                    parents.add(p.condition().parameter());
                }
            }
        }

        long count(long limit) {
            return count(0, new LinkedHashMap<>(), limit);
        }

        /**
         * Points of the sub-grid over parameters {@code from..} given the earlier choices: exact up
         * to {@code limit}, else a lower bound above it. A parent parameter's values are summed one
         * by one (its children's activity depends on the value), which stops once past the limit;
         * every other parameter multiplies, saturating at {@link Long#MAX_VALUE}.
         */
        private long count(int from, Map<String, Object> chosen, long limit) {
            for (int i = from; i < params.size(); i++) {
                ParameterSpec p = params.get(i);
                if (!space.isActive(p, chosen)) {
                    continue;
                }
                if (!parents.contains(p.name())) {
                    return saturatedMultiply(axes.get(i).size(), count(i + 1, chosen, limit));
                }
                long total = 0;
                for (Iterator<Object> it = axes.get(i).iterator(); it.hasNext() && total <= limit; ) {
                    Map<String, Object> next = new LinkedHashMap<>(chosen);
                    next.put(p.name(), it.next());
                    total = saturatedAdd(total, count(i + 1, next, limit));
                }
                return total;
            }
            return 1;
        }

        Map<String, Object> point(long index) {
            Map<String, Object> chosen = new LinkedHashMap<>();
            long rest = index;
            for (int i = 0; i < params.size(); i++) {
                ParameterSpec p = params.get(i);
                if (!space.isActive(p, chosen)) {
                    continue;
                }
                Axis axis = axes.get(i);
                if (!parents.contains(p.name())) {
                    // Nothing later depends on p, so every value heads a sub-grid of the same size.
                    long sub = count(i + 1, chosen, rest);
                    chosen.put(p.name(), axis.get(sub > rest ? 0 : rest / sub));
                    rest = sub > rest ? rest : rest % sub;
                    continue;
                }
                for (Object value : axis) {
                    chosen.put(p.name(), value);
                    long sub = count(i + 1, chosen, rest);
                    if (rest < sub) {
                        break;
                    }
                    rest -= sub;
                }
            }
            return Collections.unmodifiableMap(chosen);
        }

        void enumerate(int from, LinkedHashMap<String, Object> chosen, List<Map<String, Object>> out) {
            for (int i = from; i < params.size(); i++) {
                ParameterSpec p = params.get(i);
                if (!space.isActive(p, chosen)) {
                    continue;
                }
                for (Object value : axes.get(i)) {
                    chosen.put(p.name(), value);
                    enumerate(i + 1, chosen, out);
                }
                chosen.remove(p.name());
                return;
            }
            out.add(Collections.unmodifiableMap(new LinkedHashMap<>(chosen)));
        }
    }

    /** The grid values of one parameter, computed on demand rather than held in a list. */
    private interface Axis extends Iterable<Object> {
        long size();

        /** Value number {@code k}, {@code 0 <= k < size()}. */
        Object get(long k);

        @Override
        default Iterator<Object> iterator() {
            return new Iterator<>() {
                private long next;

                @Override
                public boolean hasNext() {
                    return next < size();
                }

                @Override
                public Object next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return get(next++);
                }
            };
        }
    }

    private static Axis axis(ParameterSpec p, int points) {
        return switch (p) {
            case FloatParameter f -> floatAxis(f, points);
            case IntParameter n -> intAxis(n, points);
            case CategoricalParameter c -> axis(c.choices().size(), k -> c.choices().get((int) k));
        };
    }

    private static Axis axis(long size, java.util.function.LongFunction<Object> value) {
        return new Axis() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public Object get(long k) {
                return value.apply(k);
            }
        };
    }

    private static Axis floatAxis(FloatParameter f, int points) {
        if (f.low() == f.high()) {
            return axis(1, k -> f.low());
        }
        double lo = f.log() ? StrictMath.log(f.low()) : f.low();
        double hi = f.log() ? StrictMath.log(f.high()) : f.high();
        if (points == 1) {
            double mid = 0.5 * (lo + hi);
            return axis(1, k -> f.log() ? StrictMath.exp(mid) : mid);
        }
        return axis(points, i -> {
            if (i == 0) {
                return f.low();
            }
            if (i == points - 1) {
                return f.high();
            }
            double t = lo + (hi - lo) * i / (points - 1);
            return f.log() ? StrictMath.exp(t) : t;
        });
    }

    private static Axis intAxis(IntParameter n, int points) {
        long count = n.valueCount();
        if (count <= points) {
            return axis(count, k -> (int) (n.low() + k * n.step()));
        }
        if (points == 1) {
            int mid = (int) (n.log()
                    ? Math.rint(StrictMath.sqrt((double) n.low() * n.maxValue()))
                    : n.low() + (count - 1) / 2 * n.step());
            return axis(1, k -> mid);
        }
        if (!n.log()) {
            // count > points, so neighbouring indices differ by more than one step: no duplicates.
            return axis(points, i -> (int) (n.low() + Math.round((double) (count - 1) * i / (points - 1)) * n.step()));
        }
        return new LogIntAxis(n, points);
    }

    /**
     * Log-spaced ints, rounded: neighbours can round to the same integer near the low end, so the
     * distinct values are found by walking the (non-decreasing) sequence once, keeping only a count.
     */
    private static final class LogIntAxis implements Axis {
        private final IntParameter n;
        private final int points;
        private final double lo;
        private final double hi;
        private long size = -1;

        LogIntAxis(IntParameter n, int points) {
            this.n = n;
            this.points = points;
            this.lo = StrictMath.log(n.low());
            this.hi = StrictMath.log(n.maxValue());
        }

        private int raw(int i) {
            double x = i == points - 1 ? n.maxValue() : StrictMath.exp(lo + (hi - lo) * i / (points - 1));
            return (int) Math.min(Math.max(Math.rint(x), n.low()), n.maxValue());
        }

        @Override
        public long size() {
            if (size < 0) {
                long distinct = 0;
                long previous = Long.MIN_VALUE;
                for (int i = 0; i < points; i++) {
                    int v = raw(i);
                    if (v != previous) {
                        distinct++;
                        previous = v;
                    }
                }
                size = distinct;
            }
            return size;
        }

        @Override
        public Object get(long k) {
            Iterator<Object> it = iterator();
            for (long skip = 0; skip < k; skip++) {
                it.next();
            }
            return it.next();
        }

        @Override
        public Iterator<Object> iterator() {
            return new Iterator<>() {
                private int i;
                private long previous = Long.MIN_VALUE;

                @Override
                public boolean hasNext() {
                    while (i < points && raw(i) == previous) {
                        i++;
                    }
                    return i < points;
                }

                @Override
                public Object next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    int v = raw(i++);
                    previous = v;
                    return v;
                }
            };
        }
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
