package dev.hone.api.graphql;

import dev.hone.api.graphql.ReportViews.CompressionReportView;
import dev.hone.api.graphql.ReportViews.DataQualityReportView;
import dev.hone.api.graphql.ReportViews.EvaluationReportView;
import dev.hone.api.graphql.ReportViews.ReportView;
import dev.hone.api.graphql.Types.ConfusionMatrix;
import dev.hone.api.graphql.Types.ModelVersionView;
import dev.hone.api.graphql.Types.RunView;
import dev.hone.ml.preprocess.DataQualityReport;
import dev.hone.ml.report.CompressionReport;
import dev.hone.ml.report.EvaluationReport;
import dev.hone.ml.report.PassportReport;
import dev.hone.api.graphql.PassportViews.PassportView;
import dev.hone.ml.report.ReportKind;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.Json;
import dev.hone.registry.report.Report;
import dev.hone.registry.report.ReportService;
import dev.hone.api.graphql.Inputs.CellInput;
import dev.hone.api.graphql.PassportViews.ExplanationView;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.serving.ModelServer;
import org.eclipse.microprofile.graphql.Query;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

/**
 * Reports on runs and model versions, and explanations of new rows against a version's passport. Reports are read
 * from the registry's report table: each kind's content is
 * read into the record its writer wrote (ml's {@link ReportKind} names it) and mapped to its API type.
 */
@GraphQLApi
@ApplicationScoped
public class ReportGraphQL {

    private final ReportService reports;
    private final ArtifactStore store;
    private final ModelRegistryService registry;
    private final ModelServer server;

    public ReportGraphQL(ReportService reports, ArtifactStore store, ModelRegistryService registry,
            ModelServer server) {
        this.reports = reports;
        this.store = store;
        this.registry = registry;
        this.server = server;
    }

    @Query("explain")
    @Description("KernelSHAP attributions of up to 20 rows over a version's input columns, against the background "
            + "rows of its passport: what the model's output owes to each column. By number or alias (not both); the "
            + "latest READY version when neither is given. Rows as predict takes them")
    @RequiresPermission(Permission.READ)
    public @NonNull List<@NonNull ExplanationView> explain(@NonNull String model, Integer version, String alias,
            @NonNull List<@NonNull List<@NonNull CellInput>> rows) {
        ModelVersion v = registry.resolve(model, version, alias);
        PassportReport passport = content(reports.ofVersions(List.of(v.id)).get(v.id), ReportKind.PASSPORT,
                PassportReport.class).orElseThrow(() -> new InvalidInputException("Version " + v.version + " of model '"
                        + model + "' has no passport (its run predates the validation stage), so it has no background "
                        + "rows to explain against"));
        return server.explain(v, rows.stream().map(ModelGraphQL::toMap).toList(), passport.explanations().background())
                .stream().map(e -> ExplanationView.of(e.output(), e.prediction(), e.baseline(), e.columns(),
                        e.values())).toList();
    }

    @Description("Every report on this version, and on the data of its run, oldest kind first")
    public List<@NonNull List<@NonNull ReportView>> reports(@Source List<ModelVersionView> versions) {
        Map<Long, List<Report>> ofVersions = reports.ofVersions(versions.stream().map(ModelVersionView::id).toList());
        Map<Long, List<Report>> ofRuns = reports.ofRuns(versions.stream().map(ModelVersionView::runId).distinct()
                .toList());
        return versions.stream().map(v -> Stream.concat(
                ofRuns.getOrDefault(v.runId(), List.of()).stream(), ofVersions.getOrDefault(v.id(), List.of()).stream())
                .map(ReportView::of).toList()).toList();
    }

    @Description("Metrics on the test split, with the confusion matrix for classification")
    public List<EvaluationReportView> evaluation(@Source List<ModelVersionView> versions) {
        Map<Long, List<Report>> byVersion = reports.ofVersions(versions.stream().map(ModelVersionView::id).toList());
        return versions.stream().map(v -> content(byVersion.get(v.id()), ReportKind.EVALUATION, EvaluationReport.class)
                .map(EvaluationReportView::of).orElse(null)).toList();
    }

    @Description("What the compression stage tried and kept; null for a version whose run did not compress")
    public List<CompressionReportView> compression(@Source List<ModelVersionView> versions) {
        Map<Long, List<Report>> byVersion = reports.ofVersions(versions.stream().map(ModelVersionView::id).toList());
        return versions.stream().map(v -> content(byVersion.get(v.id()), ReportKind.COMPRESSION,
                CompressionReport.class).map(CompressionReportView::of).orElse(null)).toList();
    }

    @Description("The model passport: what the validation stage measured on the served model (metrics with "
            + "intervals, calibration, the champion comparison, explanations, robustness, fairness, drift baselines) "
            + "and the gate's verdict; null for a version whose run predates the stage")
    public List<PassportView> passport(@Source List<ModelVersionView> versions) {
        Map<Long, List<Report>> byVersion = reports.ofVersions(versions.stream().map(ModelVersionView::id).toList());
        return versions.stream().map(v -> content(byVersion.get(v.id()), ReportKind.PASSPORT, PassportReport.class)
                .map(PassportView::of).orElse(null)).toList();
    }

    @Description("The validation gate's verdict on the version this run registered: a run whose gate failed still "
            + "SUCCEEDED, and its version is REJECTED by the system with these reasons; null until it registered one, "
            + "and for runs that predate the stage")
    public List<PassportViews.GateView> gate(@Source List<RunView> runs) {
        List<Long> versions = runs.stream().map(RunView::modelVersionId).filter(java.util.Objects::nonNull).toList();
        Map<Long, List<Report>> byVersion = reports.ofVersions(versions);
        return runs.stream().map(r -> r.modelVersionId() == null ? null : content(byVersion.get(r.modelVersionId()),
                ReportKind.PASSPORT, PassportReport.class).filter(p -> p.gate() != null)
                .map(p -> PassportViews.GateView.of(p.gate())).orElse(null)).toList();
    }

    @Description("Confusion matrix on the test split (classification only); the same as evaluation.confusionMatrix")
    public List<ConfusionMatrix> confusionMatrix(@Source List<ModelVersionView> versions) {
        return evaluation(versions).stream().map(e -> e == null ? null : e.confusionMatrix()).toList();
    }

    @Description("Data-quality findings of preprocessing: missing values, constant columns, duplicates, "
            + "class imbalance, target leakage")
    public List<DataQualityReportView> qualityReport(@Source List<RunView> runs) {
        Map<Long, List<Report>> byRun = reports.ofRuns(runs.stream().map(RunView::id).toList());
        return runs.stream().map(r -> content(byRun.get(r.id()), ReportKind.DATA_QUALITY, DataQualityReport.class)
                .map(DataQualityReportView::of).orElse(null)).toList();
    }

    /** The content of the report of this kind among {@code stored}, read as the record its kind names. */
    private <T extends Record> Optional<T> content(List<Report> stored, ReportKind kind, Class<T> type) {
        if (stored == null) {
            return Optional.empty();
        }
        return stored.stream().filter(r -> r.kind.equals(kind.name())).findFirst().map(r -> {
            ReportKind.readable(r.kind, r.schemaVersion);
            return Json.read(new String(store.read(r.artifactSha), StandardCharsets.UTF_8), type);
        });
    }
}
