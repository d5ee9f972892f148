package dev.hone.api.graphql;

import dev.hone.api.graphql.Types.ConfusionMatrix;
import dev.hone.api.graphql.Types.Metric;
import dev.hone.ml.metrics.ResidualSummary;
import dev.hone.ml.preprocess.DataQualityReport;
import dev.hone.ml.preprocess.QualityIssue;
import dev.hone.api.graphql.Types.ModelKindView;
import dev.hone.ml.report.CompressionReport;
import dev.hone.ml.report.EvaluationReport;
import dev.hone.ml.report.ReportKind;
import dev.hone.ml.servable.ModelKind;
import dev.hone.vocabulary.CompressionObjective;
import dev.hone.vocabulary.CompressionTechnique;
import dev.hone.registry.report.Report;
import dev.hone.vocabulary.Task;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * The API's report types. ml's report records are mapped here, field by field, so that renaming a
 * field in ml cannot silently change the public schema.
 */
public final class ReportViews {

    private ReportViews() {
    }

    @Name("ReportKind")
    @Description("What a report is about; the same names as the report kinds runs write (ml's ReportKind)")
    public enum ReportKindView {
        @Description("Preprocessing's findings about the data of a run")
        DATA_QUALITY,
        @Description("A model version's metrics on the test split")
        EVALUATION,
        @Description("What the compression stage tried and kept")
        COMPRESSION,
        @Description("What the validation stage measured on a version, and the gate's verdict")
        PASSPORT;

        /** The exhaustive switch makes a new report kind fail to compile until it is described here. */
        static ReportKindView of(ReportKind kind) {
            return switch (kind) {
                case DATA_QUALITY -> DATA_QUALITY;
                case EVALUATION -> EVALUATION;
                case COMPRESSION -> COMPRESSION;
                case PASSPORT -> PASSPORT;
            };
        }
    }

    @Name("Report")
    @Description("A stored report: its kind, the schema version of its content, and the content's artifact")
    public record ReportView(@NonNull ReportKindView kind, int schemaVersion,
            @Description("SHA-256 of the report's content, JSON") @NonNull String artifact,
            @NonNull Instant createdAt) {
        static ReportView of(Report r) {
            return new ReportView(ReportKindView.of(ReportKind.valueOf(r.kind)), r.schemaVersion, r.artifactSha, r.createdAt);
        }
    }

    @Name("EvaluationReport")
    @Description("A model version's metrics on the test split")
    public record EvaluationReportView(@NonNull Task task,
            @NonNull List<@NonNull Metric> metrics, ConfusionMatrix confusionMatrix,
            @Description("Test rows evaluated") int rows,
            @Description("Coverage of the metrics' intervals (0.95: percentile bootstrap over the test rows), or null "
                    + "for a report written before intervals existed") Double intervalLevel,
            @Description("Bootstrap resamples behind the intervals (1000; fewer on large test sets)") Integer resamples,
            @Description("Regression: how the test errors (true - predicted) are spread; null for classification")
            ResidualSummaryView residuals) {
        static EvaluationReportView of(EvaluationReport r) {
            ConfusionMatrix confusion = r.confusionMatrix() == null ? null : new ConfusionMatrix(r.labels(),
                    Arrays.stream(r.confusionMatrix()).map(row -> Arrays.stream(row).boxed().toList()).toList());
            boolean intervals = !r.intervals().isEmpty();
            return new EvaluationReportView(r.task(), Metric.of(r.metrics(), r.intervals()), confusion, r.rows(),
                    intervals ? r.intervalLevel() : null, intervals ? r.resamples() : null,
                    r.residuals() == null ? null : ResidualSummaryView.of(r.residuals()));
        }
    }

    @Name("CompressionReport")
    @Description("What the compression stage tried and kept: the uncompressed model and every candidate, measured on "
            + "the same validation rows and the same worker's CPU, and which one the version serves")
    public record CompressionReportView(
            @Description("accuracy (higher is better) or rmse (lower is better, in the target's units)")
            @NonNull String metric,
            @Description("Techniques the run allowed") @NonNull List<@NonNull CompressionTechnique> techniques,
            @NonNull CompressionObjective objective,
            @Description("Accuracy points a candidate could lose against the uncompressed model") double accuracyBudget,
            @Description("Percent by which a candidate's RMSE could exceed the uncompressed model's") double rmseBudget,
            @Description("Validation rows every model was measured on") int validationRows,
            @Description("Whether the uncompressed model learned from those rows too (a small run trains its model on "
                    + "training and validation rows at the end): its metric is then optimistic, and the budget "
                    + "stricter than it reads for candidates that did not") boolean parentSawValidation,
            @Description("The uncompressed model") @NonNull CompressionCandidateView parent,
            @Description("Every compressed model made, in order of making")
            @NonNull List<@NonNull CompressionCandidateView> candidates,
            @Description("The candidate the version serves; null when it serves the uncompressed model") String chosen,
            @Description("Why that one, or why none") @NonNull String reason) {
        static CompressionReportView of(CompressionReport r) {
            return new CompressionReportView(r.metric(), r.techniques(), r.objective(), r.accuracyBudget(),
                    r.rmseBudget() * 100, r.validationRows(), r.parentSawValidation(),
                    CompressionCandidateView.of(r.parent(), r.chosen() == null),
                    r.candidates().stream().map(c -> CompressionCandidateView.of(c, c.name().equals(r.chosen())))
                            .toList(), r.chosen(), r.reason());
        }
    }

    @Name("CompressionCandidate")
    @Description("One model as the compression stage measured it")
    public record CompressionCandidateView(@NonNull String name,
            @Description("Techniques applied, in order (none for the uncompressed model)")
            @NonNull List<@NonNull CompressionTechnique> steps,
            @NonNull ModelKindView kind,
            @Description("Its artifact (SHA-256) when it was kept: the served candidate's and the uncompressed "
                    + "model's; null for the others") String artifact,
            @Description("Its validation metric (the report's metric)") double metric,
            @Description("Artifact bytes") long bytes,
            @Description("Weights and biases") long parameters,
            @Description("Median latency of one row alone, microseconds") double batch1Micros,
            @Description("Rows per second in batches of 64") double rowsPerSecond,
            @Description("Whether its metric is inside the budget") boolean withinBudget,
            @Description("Whether it is on the Pareto front: no other model is at least as good on metric, bytes, "
                    + "latency and throughput and better on one") boolean onFront,
            @Description("Whether the version serves it") boolean served) {
        static CompressionCandidateView of(CompressionReport.Model m, boolean served) {
            return new CompressionCandidateView(m.name(), m.steps(), ModelKindView.of(ModelKind.parse(m.kind())),
                    m.artifact(), m.metric(), m.bytes(), m.parameters(), m.batch1Micros(), m.rowsPerSecond(),
                    m.withinBudget(), m.onFront(), served);
        }
    }

    @Name("ResidualSummary")
    @Description("How a regressor's test errors are spread, in the target's units: residual = true - predicted, so a "
            + "positive mean means the model predicts too low on average")
    public record ResidualSummaryView(@Description("Mean residual (the bias)") double mean,
            @Description("Standard deviation of the residuals") double std,
            @Description("Most negative residual (the largest over-prediction)") double min,
            @Description("5th percentile") double p05, @Description("25th percentile") double p25,
            @Description("Median") double median, @Description("75th percentile") double p75,
            @Description("95th percentile") double p95,
            @Description("Largest residual (the largest under-prediction)") double max) {
        static ResidualSummaryView of(ResidualSummary r) {
            return new ResidualSummaryView(r.mean(), r.std(), r.min(), r.p05(), r.p25(), r.median(), r.p75(), r.p95(),
                    r.max());
        }
    }

    @Name("QualityIssue")
    @Description("One finding about a data set")
    public record QualityIssueView(@Description("INFO, WARNING or ERROR") @NonNull String severity,
            @Description("MISSING_VALUES, CONSTANT_COLUMN, DUPLICATE_ROWS, CLASS_IMBALANCE or TARGET_LEAKAGE")
            @NonNull String code,
            @Description("The column concerned, or null for the whole table") String column,
            @NonNull String message) {
        static QualityIssueView of(QualityIssue i) {
            return new QualityIssueView(i.severity(), i.code(), i.column(), i.message());
        }
    }

    @Name("Count")
    @Description("A count for a name (a column, a class)")
    public record CountView(@NonNull String key, long value) {
        static List<CountView> of(Map<String, Long> counts) {
            return counts.entrySet().stream().map(e -> new CountView(e.getKey(), e.getValue())).toList();
        }
    }

    @Name("DataQualityReport")
    @Description("What preprocessing found about a run's data")
    public record DataQualityReportView(@NonNull List<@NonNull QualityIssueView> issues,
            @Description("Rows that repeat an earlier row exactly") long duplicateRows,
            @Description("Missing cells per column, every column in table order")
            @NonNull List<@NonNull CountView> missingByColumn,
            @Description("Feature columns with at most one distinct value") @NonNull List<@NonNull String> constantColumns,
            @Description("Rows per class (classification; empty for regression)") @NonNull List<@NonNull CountView> classCounts,
            @Description("Largest class count / smallest (classification)") Double imbalanceRatio,
            @Description("Feature columns that give the target away") @NonNull List<@NonNull String> leakageColumns) {
        static DataQualityReportView of(DataQualityReport r) {
            return new DataQualityReportView(r.issues().stream().map(QualityIssueView::of).toList(), r.duplicateRows(),
                    CountView.of(r.missingByColumn()), r.constantColumns(), CountView.of(r.classCounts()),
                    r.imbalanceRatio(), r.leakageColumns());
        }
    }
}
