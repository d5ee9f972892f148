package dev.hone.activities.rollout;

import dev.hone.ml.report.PassportReport.DriftSection;
import dev.hone.ml.validation.DriftBaseline;
import dev.hone.registry.deploy.ServingWindowService.Bins;
import dev.hone.registry.deploy.ServingWindowService.Totals;
import dev.hone.workflows.rollout.Analysis;
import dev.hone.workflows.rollout.RolloutPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A step's judgement of the canary against the stable version, from what serving counted of both
 * over the same window: error rate, p95 latency, and the shift of the predicted labels (population
 * stability index). Inconclusive when the canary answered fewer requests than the policy needs.
 * Comparisons that need the stable version's numbers (latency, label shift) are made only when it
 * answered enough requests in the window too (at a 100% step it answers none); the error rate is
 * then held against zero. Latency buckets are coarse (1, 2, 5, 10 ms, ...), so a slower p95 also
 * has to be at least {@value #LATENCY_MARGIN_MILLIS} ms slower. On labelled feedback (ground truth
 * sent back for predictions), accuracy or RMSE is compared when both versions got enough of it in
 * the window.
 *
 * <p>Both versions' rows are also counted in the bins of the canary's passport (its drift baselines: every input
 * column's and its predictions' distribution on its training rows). The canary's predictions are held against that
 * baseline while its inputs look like its training rows (no column shifted beyond {@code maxPsi}): a model that
 * answers live rows unlike the rows it was validated on, from the same kind of inputs, is not the model that passed
 * validation. When the inputs themselves shifted, the stable version saw the same traffic, and the comparison with it
 * decides; the shift is reported either way. A regressor's predictions are compared with the stable version's in
 * the same bins.
 */
final class RolloutAnalysis {

    /** A p95 this close to the stable version's is not called slower, whatever the ratio. */
    static final double LATENCY_MARGIN_MILLIS = 5;

    private RolloutAnalysis() {
    }

    static Analysis judge(Totals canary, Totals stable, RolloutPolicy policy) {
        return judge(canary, stable, null, policy);
    }

    /** As {@link #judge(Totals, Totals, RolloutPolicy)}, with the canary's passport baselines (null: none). */
    static Analysis judge(Totals canary, Totals stable, DriftSection passport, RolloutPolicy policy) {
        double canaryErrors = rate(canary.errors(), canary.requests());
        double stableErrors = rate(stable.errors(), stable.requests());
        double canaryP95 = canary.latencyQuantileMillis(0.95);
        double stableP95 = stable.latencyQuantileMillis(0.95);
        double psi = predictionPsi(canary, stable, policy);
        double passportPsi = Double.NaN;
        double inputPsi = Double.NaN;
        String inputPsiColumn = null;
        Bins bins = canary.bins();
        if (passport != null && bins != null && bins.rows() >= policy.minRequests()
                && bins.output().length == passport.output().shares().size()) {
            passportPsi = DriftBaseline.psi(shares(passport.output()), DriftBaseline.sharesOfCounts(bins.output()));
            for (DriftBaseline column : passport.inputs()) {
                long[] counts = bins.inputs().get(column.column());
                if (counts != null && counts.length == column.shares().size()) {
                    double p = DriftBaseline.psi(shares(column), DriftBaseline.sharesOfCounts(counts));
                    if (inputPsiColumn == null || p > inputPsi) {
                        inputPsi = p;
                        inputPsiColumn = column.column();
                    }
                }
            }
        }
        boolean classifier = !canary.labels().isEmpty() || !stable.labels().isEmpty();
        boolean labelled = canary.feedback() >= policy.minFeedback() && stable.feedback() >= policy.minFeedback()
                && policy.minFeedback() > 0;
        double canaryAccuracy = labelled && classifier ? rate(canary.feedbackCorrect(), canary.feedback()) : Double.NaN;
        double stableAccuracy = labelled && classifier ? rate(stable.feedbackCorrect(), stable.feedback()) : Double.NaN;
        double canaryRmse = labelled && !classifier ? Math.sqrt(canary.feedbackSquaredError() / canary.feedback())
                : Double.NaN;
        double stableRmse = labelled && !classifier ? Math.sqrt(stable.feedbackSquaredError() / stable.feedback())
                : Double.NaN;
        List<String> reasons = new ArrayList<>();
        if (canary.requests() < policy.minRequests()) {
            reasons.add(String.format(Locale.ROOT, "the canary answered %d requests; the analysis needs %d",
                    canary.requests(), policy.minRequests()));
            return new Analysis(false, false, reasons, canary.requests(), stable.requests(), canaryErrors,
                    stableErrors, canaryP95, stableP95, psi, canary.feedback(), stable.feedback(), canaryAccuracy,
                    stableAccuracy, canaryRmse, stableRmse, passportPsi, inputPsi, inputPsiColumn);
        }
        boolean compared = stable.requests() >= policy.minRequests();
        double baseline = compared ? stableErrors : 0;
        if (canaryErrors > baseline + policy.maxErrorRateIncrease()) {
            reasons.add(String.format(Locale.ROOT, "error rate %.2f%% against %s %.2f%% (at most %.2f points more)",
                    100 * canaryErrors, compared ? "the stable version's" : "a baseline of", 100 * baseline,
                    100 * policy.maxErrorRateIncrease()));
        }
        if (compared && canaryP95 > policy.maxLatencyRatio() * stableP95
                && canaryP95 - stableP95 >= LATENCY_MARGIN_MILLIS) {
            reasons.add(String.format(Locale.ROOT, "p95 latency %s ms against the stable version's %s ms (at most "
                    + "%.2fx)", canaryP95, stableP95, policy.maxLatencyRatio()));
        }
        if (compared && psi > policy.maxPsi()) {
            reasons.add(String.format(Locale.ROOT, "predictions shifted from the stable version's: PSI %.3f "
                    + "(at most %.3f)", psi, policy.maxPsi()));
        }
        if (passportPsi > policy.passportPsiLimit() && !(inputPsi > policy.maxPsi())) {
            reasons.add(String.format(Locale.ROOT, "predictions shifted from the canary's passport (its predictions "
                    + "for its training rows) while its inputs did not (most shifted column '%s', PSI %.3f): PSI "
                    + "%.3f (at most %.3f)", inputPsiColumn, inputPsi, passportPsi, policy.passportPsiLimit()));
        }
        if (canaryAccuracy < stableAccuracy - policy.maxAccuracyDrop()) {
            reasons.add(String.format(Locale.ROOT, "accuracy on %d labelled predictions %.1f%% against the stable "
                    + "version's %.1f%% on %d (at most %.1f points lower)", canary.feedback(), 100 * canaryAccuracy,
                    100 * stableAccuracy, stable.feedback(), 100 * policy.maxAccuracyDrop()));
        }
        if (canaryRmse > stableRmse * (1 + policy.maxRmseIncrease())) {
            reasons.add(String.format(Locale.ROOT, "RMSE on %d labelled predictions %.4g against the stable version's "
                    + "%.4g on %d (at most %.0f%% higher)", canary.feedback(), canaryRmse, stableRmse, stable.feedback(),
                    100 * policy.maxRmseIncrease()));
        }
        return new Analysis(reasons.isEmpty(), true, reasons, canary.requests(), stable.requests(), canaryErrors,
                stableErrors, canaryP95, stableP95, psi, canary.feedback(), stable.feedback(), canaryAccuracy,
                stableAccuracy, canaryRmse, stableRmse, passportPsi, inputPsi, inputPsiColumn);
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /**
     * PSI of the canary's predictions against the stable version's: a classifier's label shares, a regressor's
     * values in the bins of the canary's passport (when both versions had enough rows counted in them); 0 when
     * neither can be compared.
     */
    private static double predictionPsi(Totals canary, Totals stable, RolloutPolicy policy) {
        boolean classifier = !canary.labels().isEmpty() || !stable.labels().isEmpty();
        if (!classifier) {
            Bins c = canary.bins();
            Bins s = stable.bins();
            if (c == null || s == null || c.rows() < policy.minRequests() || s.rows() < policy.minRequests()
                    || c.output().length != s.output().length) {
                return 0;
            }
            return DriftBaseline.psi(DriftBaseline.sharesOfCounts(s.output()),
                    DriftBaseline.sharesOfCounts(c.output()));
        }
        return labelPsi(canary, stable);
    }

    private static double[] shares(DriftBaseline baseline) {
        return baseline.shares().stream().mapToDouble(Double::doubleValue).toArray();
    }


    /** PSI of the canary's label shares against the stable version's; 0 when either has none. */
    private static double labelPsi(Totals canary, Totals stable) {
        long c = canary.labels().values().stream().mapToLong(Long::longValue).sum();
        long s = stable.labels().values().stream().mapToLong(Long::longValue).sum();
        if (c == 0 || s == 0) {
            return 0;
        }
        TreeSet<String> labels = new TreeSet<>(canary.labels().keySet());
        labels.addAll(stable.labels().keySet());
        double[] actual = new double[labels.size()];
        double[] expected = new double[labels.size()];
        int k = 0;
        for (String label : labels) {
            actual[k] = (double) canary.labels().getOrDefault(label, 0L) / c;
            expected[k++] = (double) stable.labels().getOrDefault(label, 0L) / s;
        }
        return DriftBaseline.psi(expected, actual);
    }
}
