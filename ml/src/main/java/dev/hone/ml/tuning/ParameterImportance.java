package dev.hone.ml.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * How much each parameter of a study decides its objective: a random forest learns the objective
 * from the completed trials' parameters, then each parameter's column is shuffled across the trials
 * and the forest's predictions are compared with and without the shuffle. A parameter the objective
 * does not depend on leaves the predictions (almost) unchanged and scores (almost) nothing; the
 * scores add up to 1. The same surrogate-forest idea as Optuna's importance evaluators, measured by
 * permutation rather than by fANOVA's variance decomposition.
 *
 * <p>Values are encoded as the samplers see them: numbers on their own scale (the logarithm for a
 * log-scale parameter), a categorical value by its position among the choices, and an inactive
 * parameter (a false condition) as a value below every active one, so "inactive" is a level of its
 * own.
 */
public final class ParameterImportance {

    /** Fewer completed trials than this tell nothing: no scores. */
    public static final int MIN_TRIALS = 4;

    private static final int TREES = 64;
    private static final int MAX_DEPTH = 6;
    private static final int MIN_LEAF = 2;
    private static final int SHUFFLES = 8;

    /**
     * The importance of one parameter.
     *
     * @param parameter its name
     * @param importance its share of the objective's variation explained by the forest, in [0, 1]
     */
    public record Score(String parameter, double importance) {
    }

    private ParameterImportance() {
    }

    /**
     * Scores every parameter of the space from the study's completed trials with a finite value,
     * most important first (ties in the space's order).
     *
     * @return empty when fewer than {@link #MIN_TRIALS} trials completed or the space is empty
     */
    public static List<Score> of(SearchSpace space, List<Trial> trials, long seed) {
        List<Trial> done = trials.stream()
                .filter(t -> t.state() == TrialState.COMPLETED && t.value() != null && Double.isFinite(t.value()))
                .toList();
        List<ParameterSpec> params = space.parameters();
        if (done.size() < MIN_TRIALS || params.isEmpty()) {
            return List.of();
        }
        double[][] x = new double[done.size()][params.size()];
        double[] y = new double[done.size()];
        for (int i = 0; i < done.size(); i++) {
            y[i] = done.get(i).value();
            for (int j = 0; j < params.size(); j++) {
                x[i][j] = encode(params.get(j), done.get(i).params().get(params.get(j).name()));
            }
        }
        Random random = new Random(seed);
        List<Node> forest = new ArrayList<>();
        for (int t = 0; t < TREES; t++) {
            int[] sample = new int[y.length];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = random.nextInt(y.length);
            }
            forest.add(grow(x, y, sample, 0));
        }
        double[] base = predict(forest, x);
        double[] raw = new double[params.size()];
        for (int j = 0; j < params.size(); j++) {
            for (int s = 0; s < SHUFFLES; s++) {
                double[][] shuffled = shuffleColumn(x, j, random);
                double[] moved = predict(forest, shuffled);
                for (int i = 0; i < y.length; i++) {
                    raw[j] += (moved[i] - base[i]) * (moved[i] - base[i]);
                }
            }
        }
        double total = Arrays.stream(raw).sum();
        List<Score> scores = new ArrayList<>();
        for (int j = 0; j < params.size(); j++) {
            scores.add(new Score(params.get(j).name(), total > 0 ? raw[j] / total : 0));
        }
        scores.sort(Comparator.comparingDouble(Score::importance).reversed());
        return scores;
    }

    /** A value as a number the trees can split: see the class comment. */
    static double encode(ParameterSpec p, Object value) {
        if (value == null) {
            return switch (p) {
                case FloatParameter f -> scale(f.low(), f.log()) - 1;
                case IntParameter n -> scale(n.low(), n.log()) - 1;
                case CategoricalParameter c -> -1;
            };
        }
        return switch (p) {
            case FloatParameter f -> scale(((Number) value).doubleValue(), f.log());
            case IntParameter n -> scale(((Number) value).doubleValue(), n.log());
            case CategoricalParameter c -> c.choices().indexOf(String.valueOf(value));
        };
    }

    private static double scale(double v, boolean log) {
        return log ? Math.log(v) : v;
    }

    private static double[][] shuffleColumn(double[][] x, int column, Random random) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
        }
        for (int i = out.length - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            double v = out[i][column];
            out[i][column] = out[k][column];
            out[k][column] = v;
        }
        return out;
    }

    private static double[] predict(List<Node> forest, double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double sum = 0;
            for (Node tree : forest) {
                sum += tree.predict(x[i]);
            }
            out[i] = sum / forest.size();
        }
        return out;
    }

    /** A regression tree: a leaf (feature -1) holds its mean; a split sends x[feature] <= threshold left. */
    private record Node(int feature, double threshold, double value, Node left, Node right) {
        double predict(double[] row) {
            Node n = this;
            while (n.feature >= 0) {
                n = row[n.feature] <= n.threshold ? n.left : n.right;
            }
            return n.value;
        }
    }

    /** The split of least squared error over every feature and midpoint, down to MAX_DEPTH or MIN_LEAF rows. */
    private static Node grow(double[][] x, double[] y, int[] rows, int depth) {
        double mean = 0;
        for (int r : rows) {
            mean += y[r];
        }
        mean /= rows.length;
        if (depth >= MAX_DEPTH || rows.length < 2 * MIN_LEAF) {
            return new Node(-1, 0, mean, null, null);
        }
        int bestFeature = -1;
        double bestThreshold = 0;
        double bestError = squaredError(y, rows, mean) - 1e-12;
        for (int f = 0; f < x[0].length; f++) {
            final int feature = f;
            int[] sorted = Arrays.stream(rows).boxed().sorted(Comparator.comparingDouble(r -> x[r][feature]))
                    .mapToInt(Integer::intValue).toArray();
            double leftSum = 0;
            double leftSquares = 0;
            double totalSum = 0;
            double totalSquares = 0;
            for (int r : sorted) {
                totalSum += y[r];
                totalSquares += y[r] * y[r];
            }
            for (int i = 0; i < sorted.length - 1; i++) {
                leftSum += y[sorted[i]];
                leftSquares += y[sorted[i]] * y[sorted[i]];
                int leftCount = i + 1;
                int rightCount = sorted.length - leftCount;
                double here = x[sorted[i]][feature];
                double next = x[sorted[i + 1]][feature];
                if (leftCount < MIN_LEAF || rightCount < MIN_LEAF || here == next) {
                    continue;
                }
                double rightSum = totalSum - leftSum;
                double error = leftSquares - leftSum * leftSum / leftCount
                        + (totalSquares - leftSquares) - rightSum * rightSum / rightCount;
                if (error < bestError) {
                    bestError = error;
                    bestFeature = feature;
                    bestThreshold = (here + next) / 2;
                }
            }
        }
        if (bestFeature < 0) {
            return new Node(-1, 0, mean, null, null);
        }
        final int feature = bestFeature;
        final double threshold = bestThreshold;
        int[] left = Arrays.stream(rows).filter(r -> x[r][feature] <= threshold).toArray();
        int[] right = Arrays.stream(rows).filter(r -> x[r][feature] > threshold).toArray();
        return new Node(feature, threshold, mean, grow(x, y, left, depth + 1), grow(x, y, right, depth + 1));
    }

    private static double squaredError(double[] y, int[] rows, double mean) {
        double e = 0;
        for (int r : rows) {
            e += (y[r] - mean) * (y[r] - mean);
        }
        return e;
    }
}
