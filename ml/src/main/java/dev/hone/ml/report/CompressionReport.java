package dev.hone.ml.report;

import dev.hone.ml.compress.CompressionChoice;
import dev.hone.ml.compress.CompressionChoice.Budget;
import dev.hone.ml.compress.CompressionChoice.Measured;
import dev.hone.vocabulary.CompressionObjective;
import dev.hone.vocabulary.CompressionTechnique;
import java.util.List;
import java.util.Locale;

/**
 * What the compression stage tried and kept (report kind {@link ReportKind#COMPRESSION}): the uncompressed
 * parent and every candidate, each measured on the same validation rows and this worker's CPU, the Pareto
 * front among them, and which one the version serves, or why none.
 *
 * @param metric {@code accuracy} (higher is better) or {@code rmse} (lower is better, in the target's units)
 * @param techniques the techniques the run allowed
 * @param accuracyBudget accuracy points a candidate may lose against the parent (1 means 0.01)
 * @param rmseBudget how much larger than the parent's a candidate's RMSE may be, as a ratio (0.02 is 2%)
 * @param validationRows the rows every model was measured on
 * @param parentSawValidation whether the parent learned from those rows too (a small run's refit): its metric is
 *     then optimistic, and the budget stricter than it reads, for candidates that did not
 * @param parent the uncompressed model the stage started from
 * @param candidates every compressed model made, in order of making
 * @param chosen the name of the candidate the version serves, or null when it serves the parent
 * @param reason why that one (or why none), in words
 */
public record CompressionReport(String metric, List<CompressionTechnique> techniques,
        CompressionObjective objective, double accuracyBudget, double rmseBudget, int validationRows,
        boolean parentSawValidation, Model parent, List<Model> candidates, String chosen, String reason) {

    public CompressionReport {
        techniques = techniques == null ? List.of() : List.copyOf(techniques);
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /**
     * One model as measured.
     *
     * @param steps the techniques applied, in order (none for the parent)
     * @param kind its model kind
     * @param artifact its artifact (SHA-256 in the artifact store): the parent's stays there when a candidate is
     *     served
     * @param batch1Micros median latency of one row alone
     * @param rowsPerSecond throughput in batches of 64
     * @param withinBudget whether its metric is inside the budget (true for the parent)
     * @param onFront whether no other model is at least as good on every measure and better on one
     */
    public record Model(String name, List<CompressionTechnique> steps, String kind, String artifact, double metric,
            long bytes, long parameters, double batch1Micros, double rowsPerSecond, boolean withinBudget,
            boolean onFront) {

        public Model {
            steps = steps == null ? List.of() : List.copyOf(steps);
        }
    }

    /** The served model: the chosen candidate, or the parent. */
    public Model served() {
        return candidates.stream().filter(c -> c.name().equals(chosen)).findFirst().orElse(parent);
    }

    /** Why {@code chosen} was kept, or (null) why no candidate was, in words. */
    public static String reason(Measured parent, List<Measured> candidates, Measured chosen, boolean classification,
            Budget budget, CompressionObjective objective) {
        String limit = classification
                ? String.format(Locale.ROOT, "accuracy at least %.4f (parent %.4f less %s points)",
                        parent.metric() - budget.accuracyPoints() / 100, parent.metric(), number(budget.accuracyPoints()))
                : String.format(Locale.ROOT, "RMSE at most %.4g (parent %.4g plus %s%%)",
                        parent.metric() * (1 + budget.rmseRatio()), parent.metric(), number(budget.rmseRatio() * 100));
        List<Measured> inBudget = candidates.stream().filter(c -> budget.allows(parent, c, classification)).toList();
        if (chosen == null && !inBudget.isEmpty()) {
            Measured best = inBudget.stream().min(CompressionChoice.onObjective(objective)).orElseThrow();
            return String.format(Locale.ROOT, "%d of %d candidates are inside the budget (%s), but none beats the "
                    + "uncompressed model on %s: the best of them, %s, %s. The version serves the uncompressed model.",
                    inBudget.size(), candidates.size(), limit, objective, best.name(), switch (objective) {
                        case SIZE -> String.format(Locale.ROOT, "has %d bytes against %d", best.bytes(),
                                parent.bytes());
                        case LATENCY -> String.format(Locale.ROOT, "takes %.2f us for one row against %.2f",
                                best.batch1Micros(), parent.batch1Micros());
                        case THROUGHPUT -> String.format(Locale.ROOT, "answers %,.0f rows/s in batches of 64 against "
                                + "%,.0f", best.rowsPerSecond(), parent.rowsPerSecond());
                    });
        }
        if (chosen == null) {
            Measured closest = candidates.stream().min((a, b) -> Double.compare(
                    classification ? -a.metric() : a.metric(), classification ? -b.metric() : b.metric())).orElseThrow();
            return String.format(Locale.ROOT, "No candidate of %d is inside the budget (%s): the closest, %s, had %s "
                    + "%.4f. The version serves the uncompressed model.", candidates.size(), limit, closest.name(),
                    classification ? "accuracy" : "RMSE", closest.metric());
        }
        long inside = inBudget.size();
        return String.format(Locale.ROOT, "%s is the best on %s of the %d of %d candidates inside the budget (%s): "
                + "%.2fx smaller, %.2fx faster for one row and %.2fx the throughput in batches of 64, with %s %.4f.",
                chosen.name(), objective, inside, candidates.size(), limit, (double) parent.bytes() / chosen.bytes(),
                parent.batch1Micros() / chosen.batch1Micros(), chosen.rowsPerSecond() / parent.rowsPerSecond(),
                classification ? "accuracy" : "RMSE", chosen.metric());
    }

    /** "1", "0.5", "2": a budget as it was given. */
    private static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
