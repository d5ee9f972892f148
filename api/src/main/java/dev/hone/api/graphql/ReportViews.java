package dev.hone.api.graphql;

import dev.hone.api.graphql.Types.ConfusionMatrix;
import dev.hone.api.graphql.Types.Metric;
import dev.hone.ml.metrics.ResidualSummary;
import dev.hone.ml.preprocess.DataQualityReport;
import dev.hone.ml.preprocess.QualityIssue;
import dev.hone.ml.report.EvaluationReport;
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
        EVALUATION
    }

    @Name("Report")
    @Description("A stored report: its kind, the schema version of its content, and the content's artifact")
    public record ReportView(@NonNull ReportKindView kind, int schemaVersion,
            @Description("SHA-256 of the report's content, JSON") @NonNull String artifact,
            @NonNull Instant createdAt) {
        static ReportView of(Report r) {
            return new ReportView(ReportKindView.valueOf(r.kind), r.schemaVersion, r.artifactSha, r.createdAt);
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
