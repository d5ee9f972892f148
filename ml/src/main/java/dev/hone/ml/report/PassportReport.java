package dev.hone.ml.report;

import dev.hone.ml.metrics.Bootstrap;
import dev.hone.ml.metrics.ResidualSummary;
import dev.hone.ml.validation.Attacks;
import dev.hone.ml.validation.Calibration;
import dev.hone.ml.validation.ChampionChallenger;
import dev.hone.ml.validation.DriftBaseline;
import dev.hone.ml.validation.Extraction;
import dev.hone.ml.validation.Fairness;
import dev.hone.ml.validation.PermutationImportance;
import dev.hone.vocabulary.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model version's passport (report kind {@link ReportKind#PASSPORT}): what the validation stage measured on the
 * model that serves, on the held-out test rows, and the gate's verdict. The stage computes its parts in parallel,
 * each a passport with only its own sections; {@link #merge} puts them together. A section is null when its part
 * did not measure it (calibration, robustness and fairness of a regressor; a champion where there is none).
 *
 * @param task the model's task
 * @param testRows the held-out rows the passport is measured on
 * @param metrics test metrics with intervals, per class or residuals
 * @param calibration a classifier's calibration
 * @param champion the comparison with the version in production, when the model has one
 * @param explanations importance and attributions over the input columns
 * @param robustness a classifier's accuracy under attack and its resistance to extraction
 * @param fairness per sensitive column, the group rates and disparities (empty: none named or suggested)
 * @param mitigation reweighing's effect on twins of the model, when the run asked for it
 * @param drift the reference distributions serving monitors compare live traffic with
 * @param gate the verdict, once the parts are merged; null in a part
 * @param warnings what a reader should know (a suggested sensitive column, a section that could not be measured)
 * @param samples how many rows or repeats each measure used, by name
 * @param seconds how long each part took on its worker
 */
public record PassportReport(Task task, int testRows, MetricsSection metrics, CalibrationSection calibration,
        ChampionSection champion, ExplanationSection explanations, RobustnessSection robustness,
        List<FairnessSection> fairness, MitigationSection mitigation, DriftSection drift, Gate gate,
        List<String> warnings, Map<String, Integer> samples, Map<String, Double> seconds) {

    public PassportReport {
        fairness = fairness == null ? null : List.copyOf(fairness);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        samples = samples == null ? Map.of() : new LinkedHashMap<>(samples);
        seconds = seconds == null ? Map.of() : new LinkedHashMap<>(seconds);
    }

    /** One class's precision and recall on the test rows (NaN where the class was never predicted or present). */
    public record PerClass(String label, double precision, double recall, long support) {
    }

    /**
     * @param metrics the test metrics, as EVALUATE measured them
     * @param intervals each metric's 95% bootstrap interval
     * @param perClass a classifier's per-class precision and recall; empty for a regressor
     * @param residuals a regressor's residual summary; null for a classifier
     */
    public record MetricsSection(Map<String, Double> metrics, Map<String, Bootstrap.Interval> intervals,
            List<PerClass> perClass, ResidualSummary residuals) {
    }

    /**
     * @param test the served probabilities' calibration on the test rows
     * @param temperature the temperature fitted on the validation rows
     * @param scaled the test calibration after scaling by it
     * @param scalingHelps whether scaling lowers the test error
     */
    public record CalibrationSection(Calibration.Report test, double temperature, Calibration.Report scaled,
            boolean scalingHelps) {
    }

    /**
     * The new version (the challenger) against the one its model's {@code alias} points at, on this run's test
     * rows. Exactly one of {@code classification}, {@code regression} and {@code notComparable} is set.
     *
     * @param notComparable why the two could not be scored on the same rows (the champion reads columns these
     *     rows do not have, or predicts other classes)
     */
    public record ChampionSection(String alias, int championVersion, ChampionChallenger.Comparison classification,
            ChampionChallenger.RegressionComparison regression, String notComparable) {
    }

    /** One row's attributions per input column, adding up to {@code prediction - baseline} (SHAP). */
    public record RowAttribution(int row, double prediction, double baseline, List<Double> values) {
    }

    /**
     * @param columns the input columns, in the order of every attribution list
     * @param output what the attributions explain ("probability of the predicted class", "predicted value")
     * @param importanceMetric the metric whose drop permutation importance measures
     * @param importance per column, most important first
     * @param meanAbsShap per column, the mean absolute SHAP value over the explained rows
     * @param shap the explained rows' SHAP values
     * @param meanAbsGradients per column, the mean absolute integrated gradient over the explained rows
     * @param gradients the explained rows' integrated gradients
     * @param background the transformed rows standing for "absent" in SHAP (a sample of training rows), kept so
     *     that later explanations of new rows use the same baseline
     */
    public record ExplanationSection(List<String> columns, String output, String importanceMetric,
            List<PermutationImportance.Importance> importance, List<Double> meanAbsShap, List<RowAttribution> shap,
            List<Double> meanAbsGradients, List<RowAttribution> gradients, float[][] background) {
    }

    /**
     * @param attackableColumns the numeric columns the adversary may move (in standardized units)
     * @param curves accuracy against epsilon under FGSM and PGD, L-infinity and L2
     * @param extraction how many label-only queries a copy needs to agree with the model
     */
    public record RobustnessSection(List<String> attackableColumns, List<Attacks.Curve> curves,
            Extraction.Result extraction) {

        /** The L-infinity curve's halving epsilon, or null when PGD never halved the accuracy (or none was run). */
        public Double halvingEpsilon() {
            return curves.stream().filter(c -> c.norm() == Attacks.Norm.LINF).map(Attacks.Curve::halvingEpsilon)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }
    }

    /**
     * @param column the sensitive column
     * @param named true when the run named it, false when its name suggested it
     * @param report per-group rates and disparities
     */
    public record FairnessSection(String column, boolean named, Fairness.Report report) {
    }

    /** One twin's test accuracy and fairness over the mitigation's column. */
    public record Twin(double accuracy, Fairness.Report fairness) {
    }

    /**
     * @param column the sensitive column the rows were reweighed over
     * @param method how ("REWEIGHING")
     * @param before the twin trained as is
     * @param after the twin trained on reweighed rows
     * @param minWeight the smallest row weight
     * @param maxWeight the largest
     */
    public record MitigationSection(String column, String method, Twin before, Twin after, double minWeight,
            double maxWeight) {
    }

    /**
     * @param inputs every input column's reference distribution, from the training rows
     * @param output the model's outputs' (predicted classes, or values) on the test rows
     */
    public record DriftSection(List<DriftBaseline> inputs, DriftBaseline output) {
    }

    /** One check of the gate. */
    public record Check(String name, boolean passed, String detail) {
    }

    /** The gate's verdict: passed when every check passed; the failed checks are the reasons. */
    public record Gate(boolean passed, List<Check> checks) {

        public Gate {
            checks = List.copyOf(checks);
        }

        public List<String> reasons() {
            return checks.stream().filter(c -> !c.passed()).map(Check::detail).toList();
        }
    }

    /** A passport holding this one's sections and, where this one has none, {@code other}'s. */
    public PassportReport merge(PassportReport other) {
        List<String> allWarnings = new ArrayList<>(warnings);
        allWarnings.addAll(other.warnings);
        Map<String, Integer> allSamples = new LinkedHashMap<>(samples);
        allSamples.putAll(other.samples);
        Map<String, Double> allSeconds = new LinkedHashMap<>(seconds);
        allSeconds.putAll(other.seconds);
        return new PassportReport(task, Math.max(testRows, other.testRows), or(metrics, other.metrics),
                or(calibration, other.calibration), or(champion, other.champion), or(explanations, other.explanations),
                or(robustness, other.robustness), or(fairness, other.fairness), or(mitigation, other.mitigation),
                or(drift, other.drift),
                or(gate, other.gate), allWarnings, allSamples, allSeconds);
    }

    /** A passport with no section yet. */
    public static PassportReport empty(Task task, int testRows) {
        return new PassportReport(task, testRows, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** This passport with the champion comparison. */
    public PassportReport withChampion(ChampionSection section) {
        return new PassportReport(task, testRows, metrics, calibration, section, explanations, robustness, fairness,
                mitigation, drift, gate, warnings, samples, seconds);
    }

    /** This passport with the gate's verdict. */
    public PassportReport withGate(Gate verdict) {
        return new PassportReport(task, testRows, metrics, calibration, champion, explanations, robustness, fairness,
                mitigation, drift, verdict, warnings, samples, seconds);
    }

    private static <T> T or(T mine, T theirs) {
        return mine != null ? mine : theirs;
    }
}
