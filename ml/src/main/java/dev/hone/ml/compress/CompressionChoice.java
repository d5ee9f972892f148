package dev.hone.ml.compress;

import dev.hone.ml.tuning.Pareto;
import dev.hone.vocabulary.CompressionObjective;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which compressed candidate a run keeps: the best on the run's objective among those inside the accuracy
 * budget, judged against the uncompressed parent on the same validation rows. Also the Pareto front the
 * report shows (no candidate on it is beaten on every measure by another).
 */
public final class CompressionChoice {

    private CompressionChoice() {}

    /**
     * One model as measured on the validation rows and this process's CPU.
     *
     * @param metric accuracy (classification, higher is better) or RMSE (regression, lower is better)
     * @param bytes artifact bytes
     * @param batch1Micros median latency of one row alone
     * @param rowsPerSecond throughput in batches of 64
     */
    public record Measured(String name, double metric, long bytes, long parameters, double batch1Micros,
            double rowsPerSecond) {
    }

    /**
     * How much worse than the parent a candidate may be: {@code accuracyPoints} points of accuracy (1 means
     * 0.01), or an RMSE at most {@code 1 + rmseRatio} times the parent's.
     */
    public record Budget(double accuracyPoints, double rmseRatio) {

        /** At most 1 point below the parent's accuracy, RMSE within 2%. */
        public static final Budget DEFAULT = new Budget(1.0, 0.02);

        public Budget {
            if (!(accuracyPoints >= 0 && accuracyPoints <= 100) || !(rmseRatio >= 0 && rmseRatio <= 10)) {
                throw new IllegalArgumentException("an accuracy budget is 0-100 points and an RMSE budget 0-10 (a "
                        + "ratio), were " + accuracyPoints + " and " + rmseRatio);
            }
        }

        public boolean allows(Measured parent, Measured candidate, boolean classification) {
            return classification ? candidate.metric() >= parent.metric() - accuracyPoints / 100 - 1e-12
                    : candidate.metric() <= parent.metric() * (1 + rmseRatio) + 1e-12;
        }
    }

    /**
     * The candidate inside the budget that is best on the objective (ties: the better metric, then the
     * earlier candidate), or empty when none is inside it or none of those beats the parent on the objective
     * (an int8 network that fits the caches is no faster than its float parent: docs/benchmarks.md).
     */
    public static Optional<Measured> choose(Measured parent, List<Measured> candidates, boolean classification,
            Budget budget, CompressionObjective objective) {
        Comparator<Measured> onObjective = onObjective(objective);
        Comparator<Measured> byMetric = Comparator.comparingDouble(m -> classification ? -m.metric() : m.metric());
        return candidates.stream().filter(c -> budget.allows(parent, c, classification))
                .filter(c -> onObjective.compare(c, parent) < 0)
                .min(onObjective.thenComparing(byMetric));
    }

    /** Orders models from best to worst on an objective: smaller, faster for one row, or more rows a second. */
    public static Comparator<Measured> onObjective(CompressionObjective objective) {
        return switch (objective) {
            case SIZE -> Comparator.comparingLong(Measured::bytes);
            case LATENCY -> Comparator.comparingDouble(Measured::batch1Micros);
            case THROUGHPUT -> Comparator.comparingDouble((Measured m) -> -m.rowsPerSecond());
        };
    }

    /** The candidates no other one beats on every measure (metric, bytes, latency, throughput), in their order. */
    public static List<Measured> front(List<Measured> all, boolean classification) {
        double[][] points = all.stream().map(m -> new double[] {classification ? -m.metric() : m.metric(),
                m.bytes(), m.batch1Micros(), -m.rowsPerSecond()}).toArray(double[][]::new);
        return Pareto.front(points).stream().map(all::get).toList();
    }
}
