package dev.hone.ml.tuning;

import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gaussian-process Bayesian optimization with log expected improvement, after Optuna 4's
 * {@code GPSampler}.
 *
 * <ol>
 *   <li>Until {@code startupTrials} trials have COMPLETED with a finite value, the proposal is
 *       {@link TpeSampler#defaults()}'s (itself random search for its first 10 trials).
 *   <li>The unconditional parameters that can take more than one value are the model's
 *       dimensions: floats and ints mapped to [0, 1] (through the logarithm on a log scale; an
 *       int's cell is {@code [v - step/2, v + step/2]}), categoricals by their choice's index.
 *       Completed trials are the data, their objective turned into a loss and standardized; past
 *       {@link #MAX_POINTS} completed trials, the best ones are kept. A {@link GaussianProcess} is
 *       fitted, then conditioned on the RUNNING trials at its own predictions, so that workers
 *       proposing in parallel do not all propose the same point.
 *   <li>Log expected improvement over the best standardized value so far is maximized: over
 *       {@code candidates} random points, then by a pattern search (halving steps for floats,
 *       neighbouring values for ints, every other choice for categoricals) from the best
 *       {@link #LOCAL_STARTS} of them and from the best trial so far.
 *   <li>Conditional parameters, which the model does not see, are proposed by TPE given those
 *       values. If the kernel cannot be fitted, TPE proposes everything.
 * </ol>
 *
 * <p>Pruned trials are not used (their final value is unknown), as in Optuna. Like every sampler
 * here, a proposal depends only on its arguments: the random stream is
 * {@link TrialRandom#forTrial(long, int)}, the history is read in trial-number order and the
 * arithmetic is reproducible ({@link StrictMath}, no parallelism). A proposal's cost grows with the
 * cube of the trials modelled: 20 ms on average over the 100-trial studies of the sampler benchmark.
 */
public final class GpSampler implements Sampler {

    /** Most completed trials the model is fitted to. */
    static final int MAX_POINTS = 200;
    static final int LOCAL_STARTS = 5;
    private static final int LOCAL_EVALUATIONS = 400;
    private static final double FIRST_STEP = 0.1;
    private static final double LAST_STEP = 1e-4;

    private final int startupTrials;
    private final int candidates;
    private final TpeSampler rest = TpeSampler.defaults();

    public GpSampler(int startupTrials, int candidates) {
        if (startupTrials < 1) {
            throw new IllegalArgumentException("startupTrials must be >= 1, was " + startupTrials);
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be >= 1, was " + candidates);
        }
        this.startupTrials = startupTrials;
        this.candidates = candidates;
    }

    /** 10 start-up trials (as Optuna's), 1,024 random candidates per proposal. */
    public static GpSampler defaults() {
        return new GpSampler(10, 1024);
    }

    @Override
    public Map<String, Object> sample(
            SearchSpace space, List<Trial> history, Direction direction, long seed, int trialNumber) {
        Objects.requireNonNull(space, "space").validate();
        Objects.requireNonNull(direction, "direction");
        TrialRandom rng = TrialRandom.forTrial(seed, trialNumber);
        List<Trial> trials = new ArrayList<>(history == null ? List.of() : history);
        trials.sort(Comparator.comparingInt(Trial::number));
        List<Dim> dims = space.parameters().stream()
                .filter(p -> p.condition() == null).map(Dim::of).filter(Objects::nonNull).toList();

        List<Trial> done = new ArrayList<>();
        List<double[]> pending = new ArrayList<>();
        for (Trial t : trials) {
            double[] point = encode(dims, t.params());
            if (point == null) {
                continue;
            }
            if (t.state() == TrialState.COMPLETED && t.value() != null && Double.isFinite(t.value())) {
                done.add(t);
            } else if (t.state() == TrialState.RUNNING) {
                pending.add(point);
            }
        }
        if (done.size() < startupTrials || dims.isEmpty()) {
            return rest.propose(space, trials, direction, rng, Map.of());
        }
        if (done.size() > MAX_POINTS) {
            done.sort(Comparator.comparingDouble(t -> direction.asLoss(t.value()))); // stable
            done = new ArrayList<>(done.subList(0, MAX_POINTS));
            done.sort(Comparator.comparingInt(Trial::number));
        }
        int n = done.size();
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = encode(dims, done.get(i).params());
            y[i] = -direction.asLoss(done.get(i).value()); // larger is better
        }
        standardize(y);
        boolean[] categorical = new boolean[dims.size()];
        for (int k = 0; k < categorical.length; k++) {
            categorical[k] = dims.get(k).choices() > 0;
        }
        GaussianProcess gp;
        try {
            gp = GaussianProcess.fit(x, y, categorical).withPending(pending.toArray(double[][]::new));
        } catch (IllegalStateException e) {
            return rest.propose(space, trials, direction, rng, Map.of());
        }
        int bestObserved = 0;
        for (int i = 1; i < n; i++) {
            if (y[i] > y[bestObserved]) {
                bestObserved = i;
            }
        }
        double[] chosen = maximize(gp, dims, y[bestObserved], x[bestObserved], rng);
        Map<String, Object> given = new LinkedHashMap<>();
        for (int k = 0; k < dims.size(); k++) {
            given.put(dims.get(k).p().name(), dims.get(k).decode(chosen[k]));
        }
        return rest.propose(space, trials, direction, rng, given);
    }

    /** The point with the largest log expected improvement found. */
    private double[] maximize(GaussianProcess gp, List<Dim> dims, double best, double[] bestPoint,
            TrialRandom rng) {
        int d = dims.size();
        List<double[]> starts = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int c = 0; c < candidates; c++) {
            double[] point = new double[d];
            for (int k = 0; k < d; k++) {
                point[k] = dims.get(k).random(rng);
            }
            double score = logExpectedImprovement(gp, point, best);
            int at = 0;
            while (at < scores.size() && scores.get(at) >= score) {
                at++;
            }
            if (at < LOCAL_STARTS) {
                starts.add(at, point);
                scores.add(at, score);
                if (starts.size() > LOCAL_STARTS) {
                    starts.removeLast();
                    scores.removeLast();
                }
            }
        }
        starts.add(bestPoint.clone());
        scores.add(logExpectedImprovement(gp, bestPoint, best));
        double[] winner = null;
        double winnerScore = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < starts.size(); s++) {
            double[] point = starts.get(s);
            double score = localSearch(gp, dims, best, point, scores.get(s));
            if (winner == null || score > winnerScore) {
                winner = point;
                winnerScore = score;
            }
        }
        return winner;
    }

    /** Improves {@code point} in place by a pattern search; returns its final score. */
    private static double localSearch(GaussianProcess gp, List<Dim> dims, double best, double[] point,
            double score) {
        double[] step = new double[dims.size()];
        java.util.Arrays.fill(step, FIRST_STEP);
        int evaluations = 0;
        while (evaluations < LOCAL_EVALUATIONS) {
            boolean improved = false;
            for (int k = 0; k < dims.size(); k++) {
                double[] moves = dims.get(k).neighbours(point[k], step[k]);
                double kept = point[k];
                for (double move : moves) {
                    double before = point[k];
                    point[k] = move;
                    double s = logExpectedImprovement(gp, point, best);
                    evaluations++;
                    if (s > score) {
                        score = s;
                        improved = true;
                        kept = move;
                    } else {
                        point[k] = before;
                    }
                }
                point[k] = kept;
            }
            if (!improved) {
                boolean refinable = false;
                for (int k = 0; k < dims.size(); k++) {
                    if (dims.get(k).choices() == 0 && !dims.get(k).isInt()) {
                        step[k] /= 2;
                        refinable |= step[k] >= LAST_STEP;
                    }
                }
                if (!refinable) {
                    break;
                }
            }
        }
        return score;
    }

    /**
     * {@code log E[max(f(x) - best, 0)]} under the model, computed without underflow far below
     * {@code best}: with {@code z = (mean - best) / sd}, {@code EI = sd (phi(z) + z Phi(z))}.
     */
    static double logExpectedImprovement(GaussianProcess gp, double[] point, double best) {
        double[] prediction = gp.predict(point);
        double sd = Math.sqrt(prediction[1]);
        return StrictMath.log(sd) + logH((prediction[0] - best) / sd);
    }

    /** {@code log(phi(z) + z Phi(z))}; below -5 by its asymptotic series. */
    static double logH(double z) {
        if (z > -5) {
            return StrictMath.log(StrictMath.exp(Gaussian.logPdf(z)) + z * Gaussian.cdf(z));
        }
        double r = 1 / (z * z);
        return Gaussian.logPdf(z) + StrictMath.log(r * (1 - r * (3 - r * (15 - 105 * r))));
    }

    private static void standardize(double[] y) {
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double var = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.max(Math.sqrt(var / y.length), 1e-10);
        for (int i = 0; i < y.length; i++) {
            y[i] = (y[i] - mean) / sd;
        }
    }

    /** The model coordinates of {@code params}, or null when a dimension is absent or invalid. */
    private static double[] encode(List<Dim> dims, Map<String, Object> params) {
        double[] point = new double[dims.size()];
        for (int k = 0; k < point.length; k++) {
            point[k] = dims.get(k).encode(params.get(dims.get(k).p().name()));
            if (Double.isNaN(point[k])) {
                return null;
            }
        }
        return point;
    }

    /**
     * One dimension of the model: {@code [lo, hi]} is the float's or int's internal range
     * (logarithmic on a log scale) mapped to [0, 1]; {@code choices} is a categorical's count, else 0.
     */
    record Dim(ParameterSpec p, double lo, double hi, int choices) {

        /** The dimension for {@code p}, or null when {@code p} can take only one value. */
        static Dim of(ParameterSpec p) {
            return switch (p) {
                case FloatParameter f -> f.low() == f.high() ? null : f.log()
                        ? new Dim(p, StrictMath.log(f.low()), StrictMath.log(f.high()), 0)
                        : new Dim(p, f.low(), f.high(), 0);
                case IntParameter n -> n.low() == n.maxValue() ? null : n.log()
                        ? new Dim(p, StrictMath.log(n.low() - 0.5), StrictMath.log(n.maxValue() + 0.5), 0)
                        : new Dim(p, n.low() - 0.5 * n.step(), n.maxValue() + 0.5 * n.step(), 0);
                case CategoricalParameter c -> c.choices().size() < 2 ? null : new Dim(p, 0, 0, c.choices().size());
            };
        }

        boolean isInt() {
            return p instanceof IntParameter;
        }

        /** The coordinate of a value, or NaN when the parameter cannot take it. */
        double encode(Object value) {
            return switch (p) {
                case FloatParameter f -> value instanceof Number v && Double.isFinite(v.doubleValue())
                        && v.doubleValue() >= f.low() && v.doubleValue() <= f.high()
                        ? unit(f.log() ? StrictMath.log(v.doubleValue()) : v.doubleValue()) : Double.NaN;
                case IntParameter n -> value instanceof Number v && v.doubleValue() == Math.rint(v.doubleValue())
                        && n.canTake((long) v.doubleValue())
                        ? unit(n.log() ? StrictMath.log(v.doubleValue()) : v.doubleValue()) : Double.NaN;
                case CategoricalParameter c -> {
                    int index = value == null ? -1 : c.choices().indexOf(String.valueOf(value));
                    yield index < 0 ? Double.NaN : index;
                }
            };
        }

        private double unit(double internal) {
            return (internal - lo) / (hi - lo);
        }

        /** The parameter value at a coordinate. */
        Object decode(double u) {
            double internal = lo + (hi - lo) * Math.min(Math.max(u, 0), 1);
            return switch (p) {
                case FloatParameter f -> Math.min(Math.max(f.log() ? StrictMath.exp(internal) : internal, f.low()),
                        f.high());
                case IntParameter n -> {
                    double v = n.log() ? Math.rint(StrictMath.exp(internal))
                            : n.low() + Math.rint((internal - n.low()) / n.step()) * n.step();
                    yield (int) Math.min(Math.max(v, n.low()), n.maxValue());
                }
                case CategoricalParameter c -> c.choices().get((int) u);
            };
        }

        /** A random coordinate: uniform, on a value of an int, a choice's index for a categorical. */
        double random(TrialRandom rng) {
            if (choices > 0) {
                return rng.nextInt(choices);
            }
            double u = rng.nextDouble();
            return isInt() ? encode(decode(u)) : u;
        }

        /** Coordinates to try next to {@code u}: a step either way, the neighbouring ints, or every other choice. */
        double[] neighbours(double u, double step) {
            if (choices > 0) {
                double[] others = new double[choices - 1];
                for (int c = 0, i = 0; c < choices; c++) {
                    if (c != (int) u) {
                        others[i++] = c;
                    }
                }
                return others;
            }
            if (p instanceof IntParameter n) {
                int v = (int) decode(u);
                List<Double> near = new ArrayList<>();
                for (long w : new long[] {(long) v + n.step(), (long) v - n.step()}) {
                    if (n.canTake(w)) {
                        near.add(encode((int) w));
                    }
                }
                return near.stream().mapToDouble(Double::doubleValue).toArray();
            }
            return new double[] {Math.min(u + step, 1), Math.max(u - step, 0)};
        }
    }
}
