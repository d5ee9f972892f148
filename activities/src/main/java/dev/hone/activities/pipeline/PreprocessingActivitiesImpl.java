package dev.hone.activities.pipeline;

import dev.hone.activities.common.WorkerDrain;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.data.DataTable;
import dev.hone.vocabulary.NumericScaling;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.preprocess.PreprocessingOptions;
import dev.hone.ml.preprocess.PreprocessingResult;
import dev.hone.ml.preprocess.Preprocessor;
import dev.hone.ml.report.ReportKind;
import dev.hone.registry.common.Json;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.report.ReportService;
import dev.hone.registry.run.RunService;
import dev.hone.vocabulary.NumericScaling;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.PipelineStage;
import dev.hone.workflows.pipeline.PreprocessRequest;
import dev.hone.workflows.pipeline.PreprocessingActivities;
import dev.hone.workflows.pipeline.StageArtifacts;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Validates the target, checks data quality, splits, and fits the transform on the train split. */
@ApplicationScoped
public class PreprocessingActivitiesImpl implements PreprocessingActivities {

    private static final String STAGE = PipelineStage.PREPROCESS.name();

    private final DatasetService datasets;
    private final RunService runs;
    private final ArtifactIO artifacts;
    private final ReportService reports;
    private final WorkerDrain drain;

    public PreprocessingActivitiesImpl(DatasetService datasets, RunService runs, ArtifactIO artifacts,
            ReportService reports, WorkerDrain drain) {
        this.datasets = datasets;
        this.runs = runs;
        this.artifacts = artifacts;
        this.reports = reports;
        this.drain = drain;
    }

    @Override
    public StageArtifacts preprocess(PreprocessRequest request) {
        var stored = runs.stageOutput(request.runId(), STAGE);
        if (stored.isPresent() && stored.get() != null) {
            return Json.read(stored.get(), StageArtifacts.class);
        }
        return Failures.classify(() -> {
            String workflowId = StageTries.begin(runs, request.runId(), STAGE);
            artifacts.checkWritable();
            var version = datasets.version(request.datasetVersionId());
            StageHeartbeat progress = new StageHeartbeat(Activity.getExecutionContext(), runs, drain,
                    request.runId(), workflowId, STAGE, version.rowCount);
            DataProfile profile = Json.read(version.profileJson, DataProfile.class);
            DataTable table = artifacts.readDataset(version.artifactSha, profile, progress);

            Task task = request.task();
            PreprocessingOptions defaults = PreprocessingOptions.defaults(request.target(), request.seed());
            List<NumericScaling> scalings = request.numericScalings() == null || request.numericScalings().isEmpty()
                    ? List.of(NumericScaling.STANDARD) : request.numericScalings();
            PreprocessingOptions options = new PreprocessingOptions(request.target(), task, request.seed(),
                    defaults.trainFraction(), defaults.validationFraction(), defaults.maxCategories(),
                    scalings.getFirst());
            PreprocessingResult result = Preprocessor.run(table, profile, options, progress);
            table = null; // the splits hold what is still needed
            Map<NumericScaling, String> transforms = new EnumMap<>(NumericScaling.class);
            transforms.put(scalings.getFirst(), artifacts.writeTransform(result.transform()));
            for (NumericScaling scaling : scalings.subList(1, scalings.size())) {
                progress.step("fitting the " + scaling + " transform");
                transforms.put(scaling, artifacts.writeTransform(FittedTransform.fit(result.split().train(),
                        request.target(), result.task(), options.maxCategories(), scaling)));
            }
            progress.step("storing the splits");

            String quality = artifacts.writeJson(result.quality());
            StageArtifacts out = new StageArtifacts(
                    result.task(),
                    artifacts.writeTable(result.split().train()),
                    artifacts.writeTable(result.split().validation()),
                    artifacts.writeTable(result.split().test()),
                    transforms.get(scalings.getFirst()),
                    quality,
                    result.transform().classLabels(),
                    result.transform().featureCount(),
                    List.of(result.split().train().rowCount(), result.split().validation().rowCount(),
                            result.split().test().rowCount()),
                    transforms);
            runs.setTask(request.runId(), workflowId, out.task().name());
            int issues = result.quality().issues().size();
            progress.done(String.format(java.util.Locale.ROOT, "%,d rows: %,d train, %,d validation, %,d test; %d"
                    + " features; %d data quality %s", version.rowCount, out.rows().get(0), out.rows().get(1),
                    out.rows().get(2), out.featureCount(), issues, issues == 1 ? "issue" : "issues"));
            reports.recordForRun(request.runId(), workflowId, new ReportService.NewReport(
                    ReportKind.DATA_QUALITY.name(), ReportKind.DATA_QUALITY.schemaVersion(), quality));
            runs.saveStageOutput(request.runId(), workflowId, STAGE, Json.write(out));
            return out;
        });
    }
}
