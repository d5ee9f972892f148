package dev.hone.activities.monitor;

import dev.hone.ml.report.DriftScores;
import dev.hone.ml.report.PassportReport;
import dev.hone.ml.validation.DriftBaseline;
import dev.hone.registry.deploy.ServingWindowService.Bins;
import dev.hone.registry.deploy.ServingWindowService.Totals;
import dev.hone.registry.monitor.DriftMonitor;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.monitor.DriftVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A drift check's judgement of what a deployment's served version answered over a window, against that version's
 * passport: each input column's population stability index (PSI) against its training rows' distribution, the
 * predictions' PSI, and, when enough labelled feedback came back, accuracy (or RMSE) against the version's test
 * figure. Inconclusive without a passport baseline or with fewer rows counted than the monitor's minimum.
 */
final class DriftJudge {

    /** A judgement: the verdict, the scores beyond their thresholds (or why none could be said) and every score. */
    record Judgement(DriftVerdict verdict, String summary, DriftScores scores, long rows, Double maxInputPsi,
            String maxInputColumn, Double outputPsi, Double feedbackAccuracy, Double feedbackRmse) {
    }

    private DriftJudge() {
    }

    static Judgement inconclusive(String why) {
        return new Judgement(DriftVerdict.INCONCLUSIVE, why, null, 0, null, null, null, null, null);
    }

    static Judgement judge(Totals served, PassportReport passport, int version, DriftMonitor m) {
        if (passport == null || passport.drift() == null) {
            return inconclusive("Version " + version + " has no passport with drift baselines to judge against");
        }
        Bins bins = served.bins();
        long rows = bins == null ? 0 : bins.rows();
        if (rows < m.minRows) {
            return new Judgement(DriftVerdict.INCONCLUSIVE, String.format(Locale.ROOT, "%d rows of version %d "
                    + "counted in the window; a check needs %d", rows, version, m.minRows), null, rows, null, null,
                    null, null, null);
        }
        List<String> breaches = new ArrayList<>();
        List<DriftScores.Score> inputs = new ArrayList<>();
        Double maxPsi = null;
        String maxColumn = null;
        for (DriftBaseline column : passport.drift().inputs()) {
            long[] counts = bins.inputs().get(column.column());
            if (counts == null || counts.length != column.shares().size()) {
                continue;
            }
            DriftScores.Score s = score(column, counts);
            inputs.add(s);
            if (maxPsi == null || s.psi() > maxPsi) {
                maxPsi = s.psi();
                maxColumn = s.column();
            }
            if (s.psi() > m.maxInputPsi) {
                breaches.add(String.format(Locale.ROOT, "column '%s' PSI %.3f", s.column(), s.psi()));
            }
        }
        if (!breaches.isEmpty()) {
            breaches.set(0, breaches.size() + " input column(s) shifted beyond PSI " + fmt(m.maxInputPsi) + ": "
                    + breaches.getFirst());
        }
        DriftScores.Score output = null;
        DriftBaseline outputBaseline = passport.drift().output();
        if (outputBaseline != null && bins.output().length == outputBaseline.shares().size()) {
            output = score(outputBaseline, bins.output());
            if (output.psi() > m.maxOutputPsi) {
                breaches.add(String.format(Locale.ROOT, "predictions shifted: PSI %.3f (at most %s)", output.psi(),
                        fmt(m.maxOutputPsi)));
            }
        }
        Double accuracy = null;
        Double rmse = null;
        if (served.feedback() >= m.minFeedback) {
            if (passport.task() == Task.CLASSIFICATION) {
                accuracy = (double) served.feedbackCorrect() / served.feedback();
                Double test = passport.metrics() == null ? null : passport.metrics().metrics().get("accuracy");
                if (m.maxAccuracyDrop != null && test != null && accuracy < test - m.maxAccuracyDrop) {
                    breaches.add(String.format(Locale.ROOT, "accuracy on %d labelled predictions %.1f%% against "
                            + "%.1f%% on the test rows (at most %.1f points lower)", served.feedback(), 100 * accuracy,
                            100 * test, 100 * m.maxAccuracyDrop));
                }
            } else {
                rmse = Math.sqrt(served.feedbackSquaredError() / served.feedback());
                Double test = passport.metrics() == null ? null : passport.metrics().metrics().get("rmse");
                if (m.maxRmseIncrease != null && test != null && rmse > test * (1 + m.maxRmseIncrease)) {
                    breaches.add(String.format(Locale.ROOT, "RMSE on %d labelled predictions %.4g against %.4g on "
                            + "the test rows (at most %.0f%% higher)", served.feedback(), rmse, test,
                            100 * m.maxRmseIncrease));
                }
            }
        }
        DriftScores scores = new DriftScores(inputs, output);
        String summary = breaches.isEmpty()
                ? String.format(Locale.ROOT, "%d rows within thresholds (most shifted column '%s', PSI %.3f)", rows,
                        maxColumn, maxPsi == null ? 0 : maxPsi)
                : String.join("; ", breaches);
        return new Judgement(breaches.isEmpty() ? DriftVerdict.WITHIN : DriftVerdict.BREACHED, summary, scores, rows,
                maxPsi, maxColumn, output == null ? null : output.psi(), accuracy, rmse);
    }

    private static DriftScores.Score score(DriftBaseline baseline, long[] counts) {
        double[] reference = baseline.shares().stream().mapToDouble(Double::doubleValue).toArray();
        double[] current = DriftBaseline.sharesOfCounts(counts);
        return new DriftScores.Score(baseline.column(), baseline.numeric(), baseline.edges(), baseline.categories(),
                baseline.shares(), java.util.Arrays.stream(current).boxed().toList(),
                DriftBaseline.psi(reference, current));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
