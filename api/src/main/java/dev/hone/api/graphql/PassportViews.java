package dev.hone.api.graphql;

import dev.hone.api.graphql.ReportViews.CountView;
import dev.hone.api.graphql.ReportViews.ResidualSummaryView;
import dev.hone.api.graphql.Types.Metric;
import dev.hone.ml.metrics.Bootstrap;
import dev.hone.ml.report.PassportReport;
import dev.hone.ml.validation.Attacks;
import dev.hone.ml.validation.Calibration;
import dev.hone.ml.validation.DriftBaseline;
import dev.hone.ml.validation.Fairness;
import dev.hone.ml.validation.PermutationImportance;
import dev.hone.vocabulary.Task;
import java.util.List;
import java.util.stream.IntStream;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * The passport's API types, mapped field by field from ml's {@link PassportReport} so that a change there cannot
 * silently change the schema. A value that could not be measured (NaN in the report: a class never predicted, a
 * group without positives) is null here.
 */
public final class PassportViews {

    private PassportViews() {
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @Name("Passport")
    @Description("What the validation stage measured on the model a version serves, on the held-out test rows, and "
            + "the gate's verdict")
    public record PassportView(@NonNull Task task,
            @Description("Held-out test rows the passport is measured on") int testRows,
            @Description("Test metrics, each with its 95% bootstrap interval") @NonNull List<@NonNull Metric> metrics,
            @Description("Classification: precision and recall per class")
            @NonNull List<@NonNull ClassRatesView> perClass,
            @Description("Regression: how the test errors are spread") ResidualSummaryView residuals,
            @Description("Classification: how far the predicted probabilities can be trusted")
            CalibrationView calibration,
            @Description("The new version against its model's production (or champion) version on the same rows; null "
                    + "when the model has none") ChampionView champion,
            ExplanationsView explanations,
            @Description("Classification: accuracy under attack and resistance to extraction")
            RobustnessView robustness,
            @Description("Per sensitive column, group rates and disparities")
            @NonNull List<@NonNull FairnessView> fairness,
            @Description("Reweighing's effect on twins of the model, when the run asked for it")
            MitigationView mitigation,
            @Description("Reference distributions of every input column, from the training rows, for drift monitors")
            @NonNull List<@NonNull DriftBaselineView> inputBaselines,
            @Description("Reference distribution of the model's outputs on the test rows")
            DriftBaselineView outputBaseline,
            @NonNull GateView gate,
            @NonNull List<@NonNull String> warnings,
            @Description("Rows, repeats and steps each measure used") @NonNull List<@NonNull CountView> samples,
            @Description("Seconds each part took on its worker") @NonNull List<@NonNull Metric> seconds) {
        static PassportView of(PassportReport p) {
            var m = p.metrics();
            return new PassportView(p.task(), p.testRows(),
                    m == null ? List.of() : Metric.of(m.metrics(), m.intervals()),
                    m == null ? List.of() : m.perClass().stream().map(ClassRatesView::of).toList(),
                    m == null || m.residuals() == null ? null : ResidualSummaryView.of(m.residuals()),
                    p.calibration() == null ? null : CalibrationView.of(p.calibration()),
                    p.champion() == null ? null : ChampionView.of(p.champion()),
                    p.explanations() == null ? null : ExplanationsView.of(p.explanations()),
                    p.robustness() == null ? null : RobustnessView.of(p.robustness()),
                    p.fairness() == null ? List.of() : p.fairness().stream().map(FairnessView::of).toList(),
                    p.mitigation() == null ? null : MitigationView.of(p.mitigation()),
                    p.drift() == null ? List.of() : p.drift().inputs().stream().map(DriftBaselineView::of).toList(),
                    p.drift() == null ? null : DriftBaselineView.of(p.drift().output()),
                    p.gate() == null ? new GateView(true, List.of(), List.of()) : GateView.of(p.gate()), p.warnings(),
                    p.samples().entrySet().stream().map(e -> new CountView(e.getKey(), e.getValue())).toList(),
                    Metric.of(p.seconds()));
        }
    }

    @Name("ClassRates")
    public record ClassRatesView(@NonNull String label,
            @Description("Share of rows predicted as the class that are it; null when it was never predicted")
            Double precision,
            @Description("Share of the class's rows predicted as it; null when the test rows have none") Double recall,
            @Description("Test rows of the class") long support) {
        static ClassRatesView of(PassportReport.PerClass c) {
            return new ClassRatesView(c.label(), finite(c.precision()), finite(c.recall()), c.support());
        }
    }

    @Name("Calibration")
    public record CalibrationView(
            @Description("Expected calibration error on the test rows: the rows-weighted gap between confidence and "
                    + "accuracy over 15 bins") double expectedCalibrationError,
            @Description("The reliability curve, lowest confidence first")
            @NonNull List<@NonNull ReliabilityBinView> bins,
            @Description("The temperature fitted on the validation rows") double temperature,
            @Description("The test error after scaling by it") double scaledCalibrationError,
            @Description("Whether scaling lowers the test error") boolean scalingHelps) {
        static CalibrationView of(PassportReport.CalibrationSection c) {
            return new CalibrationView(c.test().expectedCalibrationError(),
                    c.test().bins().stream().map(ReliabilityBinView::of).toList(), c.temperature(),
                    c.scaled().expectedCalibrationError(), c.scalingHelps());
        }
    }

    @Name("ReliabilityBin")
    public record ReliabilityBinView(double lower, double upper, int rows,
            @Description("Mean confidence of its rows; null when empty") Double confidence,
            @Description("Share of its rows predicted right; null when empty") Double accuracy) {
        static ReliabilityBinView of(Calibration.Bin b) {
            return new ReliabilityBinView(b.lower(), b.upper(), b.rows(), finite(b.confidence()), finite(b.accuracy()));
        }
    }

    @Name("ChampionComparison")
    public record ChampionView(@Description("The alias whose version was compared") @NonNull String alias,
            int championVersion,
            @Description("accuracy or rmse") String metric,
            Integer rows, Double championValue, Double challengerValue,
            @Description("New less champion (accuracy share, or RMSE in the target's units)") Double difference,
            @Description("Its 95% paired bootstrap interval, low end") Double differenceLow,
            Double differenceHigh,
            @Description("Classification: McNemar's two-sided p-value") Double pValue,
            @Description("Classification: rows only the champion gets right") Integer championOnly,
            @Description("Classification: rows only the new version gets right") Integer challengerOnly,
            @Description("Why the two could not be compared; null when they were") String notComparable) {
        static ChampionView of(PassportReport.ChampionSection c) {
            if (c.classification() != null) {
                var k = c.classification();
                return new ChampionView(c.alias(), c.championVersion(), "accuracy", k.rows(), k.championAccuracy(),
                        k.challengerAccuracy(), k.difference(), low(k.differenceInterval()),
                        high(k.differenceInterval()), k.pValue(), k.championOnly(), k.challengerOnly(), null);
            }
            if (c.regression() != null) {
                var k = c.regression();
                return new ChampionView(c.alias(), c.championVersion(), "rmse", k.rows(), k.championRmse(),
                        k.challengerRmse(), k.difference(), low(k.differenceInterval()), high(k.differenceInterval()),
                        null, null, null, null);
            }
            return new ChampionView(c.alias(), c.championVersion(), null, null, null, null, null, null, null, null,
                    null, null, c.notComparable());
        }
    }

    static Double low(Bootstrap.Interval i) {
        return i == null ? null : i.low();
    }

    static Double high(Bootstrap.Interval i) {
        return i == null ? null : i.high();
    }

    @Name("Explanations")
    public record ExplanationsView(
            @Description("The input columns, in the order of every attribution list")
            @NonNull List<@NonNull String> columns,
            @Description("What the attributions explain") @NonNull String output,
            @Description("The metric whose drop permutation importance measures") @NonNull String importanceMetric,
            @Description("Permutation importance per column, most important first")
            @NonNull List<@NonNull ColumnImportanceView> importance,
            @Description("Mean |SHAP| per column, in column order") @NonNull List<@NonNull Double> meanAbsShap,
            @Description("KernelSHAP values of a sample of test rows") @NonNull List<@NonNull RowAttributionView> shap,
            @Description("Mean |integrated gradient| per column, in column order")
            @NonNull List<@NonNull Double> meanAbsGradients,
            @Description("Integrated gradients of the same rows, from the mean background row")
            @NonNull List<@NonNull RowAttributionView> gradients) {
        static ExplanationsView of(PassportReport.ExplanationSection e) {
            return new ExplanationsView(e.columns(), e.output(), e.importanceMetric(),
                    e.importance().stream().map(ColumnImportanceView::of).toList(), e.meanAbsShap(),
                    e.shap().stream().map(RowAttributionView::of).toList(), e.meanAbsGradients(),
                    e.gradients().stream().map(RowAttributionView::of).toList());
        }
    }

    @Name("ColumnImportance")
    public record ColumnImportanceView(@NonNull String column,
            @Description("Mean drop of the metric when the column is shuffled (positive: it matters)") double mean,
            double std, @Description("95% interval of the mean, low end") double lower, double upper) {
        static ColumnImportanceView of(PermutationImportance.Importance i) {
            return new ColumnImportanceView(i.column(), i.mean(), i.std(), i.lower(), i.upper());
        }
    }

    @Name("RowAttribution")
    public record RowAttributionView(@Description("The test row's index") int row, double prediction,
            double baseline,
            @Description("Per column (the columns' order), its contribution") @NonNull List<@NonNull Double> values) {
        static RowAttributionView of(PassportReport.RowAttribution r) {
            return new RowAttributionView(r.row(), r.prediction(), r.baseline(), r.values());
        }
    }

    @Name("Robustness")
    public record RobustnessView(
            @Description("The numeric columns the adversary may move, in standard deviations")
            @NonNull List<@NonNull String> attackableColumns,
            @NonNull List<@NonNull RobustnessCurveView> curves,
            @Description("The L-infinity epsilon at which PGD halves the accuracy; null when it never does")
            Double halvingEpsilon,
            ExtractionView extraction) {
        static RobustnessView of(PassportReport.RobustnessSection r) {
            return new RobustnessView(r.attackableColumns(), r.curves().stream().map(RobustnessCurveView::of).toList(),
                    r.halvingEpsilon(), r.extraction() == null ? null : ExtractionView.of(r.extraction()));
        }
    }

    @Name("RobustnessCurve")
    public record RobustnessCurveView(@Description("LINF or L2") @NonNull String norm, double cleanAccuracy,
            Double halvingEpsilon, @NonNull List<@NonNull RobustnessPointView> points) {
        static RobustnessCurveView of(Attacks.Curve c) {
            return new RobustnessCurveView(c.norm().name(), c.cleanAccuracy(), c.halvingEpsilon(),
                    c.points().stream().map(p -> new RobustnessPointView(p.epsilon(), p.fgsmAccuracy(),
                            p.pgdAccuracy())).toList());
        }
    }

    @Name("RobustnessPoint")
    public record RobustnessPointView(double epsilon, double fgsmAccuracy, double pgdAccuracy) {
    }

    @Name("Extraction")
    @Description("A label-only copy attack: how many queries a nearest-neighbour copy needs to agree with the model")
    public record ExtractionView(@Description("The agreement aimed at") double target,
            @Description("The first query count at which the copy reached it; null when not within the budget")
            Integer queriesToTarget, @NonNull List<@NonNull ExtractionCheckpointView> checkpoints) {
        static ExtractionView of(dev.hone.ml.validation.Extraction.Result r) {
            return new ExtractionView(r.target(), r.queriesToTarget(), r.checkpoints().stream()
                    .map(c -> new ExtractionCheckpointView(c.queries(), c.agreement())).toList());
        }
    }

    @Name("ExtractionCheckpoint")
    public record ExtractionCheckpointView(int queries, double agreement) {
    }

    @Name("Fairness")
    public record FairnessView(@NonNull String column,
            @Description("True when the run named the column, false when its name suggested it") boolean named,
            @Description("The favourable class") @NonNull String positive,
            @NonNull List<@NonNull GroupRatesView> groups,
            Double demographicParityDifference, Double demographicParityLow, Double demographicParityHigh,
            Double equalOpportunityDifference, Double equalOpportunityLow, Double equalOpportunityHigh,
            Double disparateImpactRatio, Double disparateImpactLow, Double disparateImpactHigh) {
        static FairnessView of(PassportReport.FairnessSection f) {
            Fairness.Report r = f.report();
            return new FairnessView(f.column(), f.named(), r.positive(), r.groups().stream().map(GroupRatesView::of)
                    .toList(), finite(r.demographicParityDifference()), low(r.demographicParityInterval()),
                    high(r.demographicParityInterval()), finite(r.equalOpportunityDifference()),
                    low(r.equalOpportunityInterval()), high(r.equalOpportunityInterval()),
                    finite(r.disparateImpactRatio()), low(r.disparateImpactInterval()),
                    high(r.disparateImpactInterval()));
        }
    }

    @Name("Mitigation")
    @Description("A fairness mitigation measured on two twins of the model (its settings and seed, trained alike on "
            + "the training rows), as is and mitigated; the served model is neither")
    public record MitigationView(@Description("The sensitive column it works over") @NonNull String column,
            @Description("REWEIGHING: each training row weighted P(group) P(class) / P(group, class)")
            @NonNull String method,
            @Description("The smallest row weight") double minWeight, @Description("The largest") double maxWeight,
            @Description("Test accuracy of the twin trained as is") double accuracyBefore,
            @Description("Test accuracy of the mitigated twin") double accuracyAfter,
            @Description("Fairness of the twin trained as is") @NonNull FairnessView before,
            @Description("Fairness of the mitigated twin") @NonNull FairnessView after) {
        static MitigationView of(PassportReport.MitigationSection m) {
            return new MitigationView(m.column(), m.method(), m.minWeight(), m.maxWeight(), m.before().accuracy(),
                    m.after().accuracy(), twin(m.column(), m.before()), twin(m.column(), m.after()));
        }

        private static FairnessView twin(String column, PassportReport.Twin twin) {
            return FairnessView.of(new PassportReport.FairnessSection(column, true, twin.fairness()));
        }
    }

    @Name("GroupRates")
    public record GroupRatesView(@NonNull String name, int rows,
            @Description("Share predicted as the favourable class") Double selectionRate,
            @Description("Share of the favourable class's rows predicted as it") Double truePositiveRate,
            Double accuracy) {
        static GroupRatesView of(Fairness.Group g) {
            return new GroupRatesView(g.name(), g.rows(), finite(g.selectionRate()), finite(g.truePositiveRate()),
                    finite(g.accuracy()));
        }
    }

    @Name("DriftBaseline")
    @Description("A column's reference distribution: a number's quantile bins, or a category's most frequent values, "
            + "then the missing values' share")
    public record DriftBaselineView(@NonNull String column, boolean numeric,
            @Description("A number's inner bin edges") @NonNull List<@NonNull Double> edges,
            @Description("A category's kept values") @NonNull List<@NonNull String> categories,
            @Description("Per bin (then 'other' for a category), then missing; they add up to 1")
            @NonNull List<@NonNull Double> shares) {
        static DriftBaselineView of(DriftBaseline b) {
            return new DriftBaselineView(b.column(), b.numeric(), b.edges(), b.categories(), b.shares());
        }
    }

    @Name("Gate")
    @Description("The validation gate's verdict: passed when every check passed")
    public record GateView(boolean passed, @NonNull List<@NonNull GateCheckView> checks,
            @Description("The failed checks, in words") @NonNull List<@NonNull String> reasons) {
        static GateView of(PassportReport.Gate g) {
            return new GateView(g.passed(), g.checks().stream()
                    .map(c -> new GateCheckView(c.name(), c.passed(), c.detail())).toList(), g.reasons());
        }
    }

    @Name("GateCheck")
    public record GateCheckView(@NonNull String name, boolean passed, @NonNull String detail) {
    }

    @Name("Explanation")
    @Description("One row's KernelSHAP attributions per input column, adding up to the prediction less the baseline")
    public record ExplanationView(@Description("What is explained") @NonNull String output, double prediction,
            @Description("The mean prediction over the passport's background rows") double baseline,
            @NonNull List<@NonNull ColumnValueView> attributions) {
        static ExplanationView of(String output, double prediction, double baseline, List<String> columns,
                double[] values) {
            return new ExplanationView(output, prediction, baseline, IntStream.range(0, columns.size())
                    .mapToObj(i -> new ColumnValueView(columns.get(i), values[i])).toList());
        }
    }

    @Name("ColumnValue")
    public record ColumnValueView(@NonNull String column, double value) {
    }
}
