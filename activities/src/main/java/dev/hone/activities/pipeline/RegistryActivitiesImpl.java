package dev.hone.activities.pipeline;

import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.report.ReportKind;
import dev.hone.registry.common.Json;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.report.ReportService;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.workflows.pipeline.PipelineStage;
import dev.hone.workflows.pipeline.RegisterRequest;
import dev.hone.workflows.pipeline.RegisteredVersion;
import dev.hone.workflows.pipeline.RegistryActivities;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Registers the trained model as a new version, with its lineage. */
@ApplicationScoped
public class RegistryActivitiesImpl implements RegistryActivities {

    private final ModelRegistryService registry;
    private final RunService runs;
    private final ArtifactIO artifacts;

    public RegistryActivitiesImpl(ModelRegistryService registry, RunService runs, ArtifactIO artifacts) {
        this.registry = registry;
        this.runs = runs;
        this.artifacts = artifacts;
    }

    /** One input column the model expects. */
    public record InputColumn(String name, String type) {
    }

    @Override
    public RegisteredVersion register(RegisterRequest request) {
        return Failures.classify(() -> {
            var registered = registry.registeredBy(request.runId());
            if (registered.isPresent()) {
                return version(registered.get());
            }
            String workflowId = StageTries.begin(runs, request.runId(), PipelineStage.REGISTER.name());
            Run run = runs.get(request.runId());
            FittedTransform transform = artifacts.readTransform(request.model().transform(request.data()));
            List<InputColumn> signature = transform.columnTransforms().stream()
                    .map(c -> new InputColumn(c.column(), c.type().name()))
                    .toList();
            ModelVersion v = registry.register(new ModelRegistryService.NewVersion(
                    request.modelName(),
                    request.data().task().name(),
                    TrainingJob.kind(request.model().kind()).name(),
                    request.model().configJson(),
                    Json.write(request.evaluation().testMetrics()),
                    Json.write(request.model().validationMetrics()),
                    Json.write(signature),
                    Json.write(request.data().classLabels()),
                    request.runId(),
                    request.datasetVersionId(),
                    request.model().transform(request.data()),
                    request.model().weightsArtifact(),
                    reports(request),
                    run.createdBy,
                    request.studyId(),
                    request.validation() == null || request.validation().passed() ? null
                            : String.join("; ", request.validation().reasons()),
                    request.validation() == null ? null : request.validation().temperature()), workflowId);
            return version(v);
        });
    }

    /** The evaluation report, the compression report of a run that compressed, and the passport. */
    private static List<ReportService.NewReport> reports(RegisterRequest request) {
        List<ReportService.NewReport> reports = new ArrayList<>();
        reports.add(new ReportService.NewReport(ReportKind.EVALUATION.name(), ReportKind.EVALUATION.schemaVersion(),
                request.evaluation().reportArtifact()));
        if (request.compressionReport() != null) {
            reports.add(new ReportService.NewReport(ReportKind.COMPRESSION.name(),
                    ReportKind.COMPRESSION.schemaVersion(), request.compressionReport()));
        }
        if (request.validation() != null) {
            reports.add(new ReportService.NewReport(ReportKind.PASSPORT.name(), ReportKind.PASSPORT.schemaVersion(),
                    request.validation().reportArtifact()));
        }
        return reports;
    }

    private static RegisteredVersion version(ModelVersion v) {
        return new RegisteredVersion(v.model.name, v.version, v.id);
    }
}
