package dev.hone.activities.pipeline;

import dev.hone.activities.common.WorkerDrain;
import dev.hone.ml.compress.CompressionChoice;
import dev.hone.ml.compress.CompressionChoice.Budget;
import dev.hone.ml.compress.CompressionChoice.Measured;
import dev.hone.ml.compress.search.CompressionSearch;
import dev.hone.ml.compress.search.CompressionSearch.Candidate;
import dev.hone.ml.compress.search.CompressionSearch.Parent;
import dev.hone.ml.model.EpochMetrics;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.TrainingListener;
import dev.hone.ml.report.CompressionReport;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.servable.ServableArtifact;
import dev.hone.registry.common.Json;
import dev.hone.registry.run.RunService;
import dev.hone.vocabulary.CompressionObjective;
import dev.hone.vocabulary.CompressionTechnique;
import dev.hone.workflows.pipeline.CompressRequest;
import dev.hone.workflows.pipeline.Compression;
import dev.hone.workflows.pipeline.CompressionActivities;
import dev.hone.workflows.pipeline.CompressionSettings;
import dev.hone.workflows.pipeline.PipelineStage;
import dev.hone.workflows.pipeline.TrainedModel;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The compression stage: makes the candidates the run allows from its trained model, measures each and the
 * model itself on the validation rows and this worker's CPU, keeps the best inside the budget, and writes the
 * report. Heartbeats every training batch and between candidates, so a cancelled run or a stopping worker
 * stops it within seconds; a retry after a crash starts the stage again (candidates are cheap beside the
 * training they compress), and a retry after it finished returns what it stored.
 */
@ApplicationScoped
public class CompressionActivitiesImpl implements CompressionActivities {

    private static final String STAGE = PipelineStage.COMPRESS.name();

    /** Single-row calls timed per model (and an eighth as many 64-row calls), after a warm-up. */
    static final int LATENCY_CALLS = 2_000;

    private final RunService runs;
    private final TrainingJob job;
    private final ArtifactIO artifacts;
    private final WorkerDrain drain;

    public CompressionActivitiesImpl(RunService runs, TrainingJob job, ArtifactIO artifacts, WorkerDrain drain) {
        this.runs = runs;
        this.job = job;
        this.artifacts = artifacts;
        this.drain = drain;
    }

    @Override
    public Compression compress(CompressRequest request) {
        var stored = runs.stageOutput(request.runId(), STAGE);
        if (stored.isPresent() && stored.get() != null) {
            return Json.read(stored.get(), Compression.class);
        }
        return Failures.classify(() -> {
            String workflowId = StageTries.begin(runs, request.runId(), STAGE);
            artifacts.checkWritable();
            StageHeartbeat heartbeat = new StageHeartbeat(Activity.getExecutionContext(), runs, drain,
                    request.runId(), workflowId, STAGE, 0);
            Compression result = compress(request, workflowId, heartbeat);
            runs.saveStageOutput(request.runId(), workflowId, STAGE, Json.write(result));
            return result;
        });
    }

    private Compression compress(CompressRequest request, String workflowId, StageHeartbeat heartbeat) {
        TrainedModel model = request.model();
        CompressionSettings settings = request.settings() == null ? CompressionSettings.defaults()
                : request.settings();
        ModelKind kind = TrainingJob.kind(model.kind());
        ServableArtifact parentArtifact = artifacts.readArtifact(kind, model.configJson(), model.weightsArtifact());
        heartbeat.step("reading the trained model");
        Parent parent = Parent.read(parentArtifact);
        String transform = model.transform(request.data());
        TrainingJob.CompressionRows read = job.compressionRows(request.data(), transform);
        CompressionSearch.Data rows = read.data();
        boolean classification = rows.classification();
        double scale = classification ? 1 : read.targetStd();
        Budget budget = new Budget(settings.accuracyBudgetOrDefault(), settings.rmseBudgetOrDefault() / 100);
        CompressionObjective objective = settings.objectiveOrDefault();
        Set<CompressionTechnique> allowed = settings.allowed();
        boolean parentSawValidation = model.validationMetrics() != null
                && model.validationMetrics().containsKey("refit_rows");

        heartbeat.step("measuring the uncompressed model");
        Measured parentMeasured = CompressionSearch.measure("uncompressed", parentArtifact,
                parent.networks().stream().mapToLong(n -> n.parameterCount()).sum(), rows, LATENCY_CALLS);

        // What cannot be tried, and why: the report's reason starts with it.
        List<String> notes = new ArrayList<>();
        Set<CompressionTechnique> judged = CompressionSearch.judgeable(allowed, rows.xVal().length);
        if (!judged.equals(allowed)) {
            Set<CompressionTechnique> left = EnumSet.copyOf(allowed);
            left.removeAll(judged);
            notes.add(String.format(Locale.ROOT, "%s not tried: a retrained model is judged on at least %d validation "
                    + "rows, this run has %d.", left, CompressionSearch.MIN_VALIDATION_ROWS_TO_RETRAIN,
                    rows.xVal().length));
        }
        Set<CompressionTechnique> applicable = parent.applicable(judged);
        if (applicable.isEmpty() && !judged.isEmpty()) {
            notes.add("An ensemble of " + parent.networks().size() + " networks is not pruned, only quantized or "
                    + "distilled.");
        }
        List<Candidate> candidates = new ArrayList<>();
        List<Measured> measured = new ArrayList<>();
        if (!applicable.isEmpty()) {
            int planned = CompressionSearch.plannedCount(parent, judged);
            MlpConfig tune = CompressionSearch.tuneConfig(parent.descriptor().config(), request.seed());
            String[] making = {""};
            TrainingListener listener = new TrainingListener() {
                @Override
                public void onBatch(int epoch, int batch, int batches) {
                    heartbeat.step(making[0] + ": " + TrainingJob.batchLine(epoch, batch, batches));
                }

                @Override
                public void onEpoch(EpochMetrics m) {
                    // per-batch heartbeats say enough
                }
            };
            candidates.addAll(CompressionSearch.candidates(parent, rows, judged, tune, (done, what) -> {
                making[0] = String.format(Locale.ROOT, "candidate %d of %d (%s)", done + 1, planned, what);
                heartbeat.step(making[0]);
                runs.stageProgress(request.runId(), workflowId, STAGE, 0.8 * done / planned, "making " + making[0],
                        null);
            }, listener));
            for (int i = 0; i < candidates.size(); i++) {
                Candidate c = candidates.get(i);
                String line = String.format(Locale.ROOT, "measuring candidate %d of %d (%s)", i + 1, candidates.size(),
                        c.name());
                heartbeat.step(line);
                runs.stageProgress(request.runId(), workflowId, STAGE, 0.8 + 0.2 * i / candidates.size(), line, null);
                measured.add(CompressionSearch.measure(c.name(), c.artifact(), c.parameters(), rows, LATENCY_CALLS));
            }
        }

        Optional<Measured> chosen = measured.isEmpty() ? Optional.empty() : CompressionChoice.choose(parentMeasured,
                measured, classification, budget, objective);
        Candidate kept = chosen.map(m -> candidates.get(measured.indexOf(m))).orElse(null);
        String keptSha = kept == null ? model.weightsArtifact() : artifacts.writeModel(kept.artifact());
        notes.add(measured.isEmpty() ? "The version serves the uncompressed model."
                : CompressionReport.reason(parentMeasured, measured, chosen.orElse(null), classification, budget,
                        objective));
        String reason = String.join(" ", notes);
        List<Measured> all = new ArrayList<>(measured);
        all.addFirst(parentMeasured);
        List<Measured> front = CompressionChoice.front(all, classification);
        List<CompressionReport.Model> reported = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            Measured m = measured.get(i);
            reported.add(entry(m, c.steps(), c.artifact().kind(), c == kept ? keptSha : null, scale,
                    budget.allows(parentMeasured, m, classification), front.contains(m)));
        }
        CompressionReport report = new CompressionReport(classification ? "accuracy" : "rmse", List.copyOf(allowed),
                objective, budget.accuracyPoints(), budget.rmseRatio(), rows.xVal().length, parentSawValidation,
                entry(parentMeasured, List.of(), kind, model.weightsArtifact(), scale, true,
                        front.contains(parentMeasured)),
                reported, kept == null ? null : kept.name(), reason);
        String reportSha = artifacts.writeJson(report);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("candidates", (double) candidates.size());
        metrics.put("inside_budget", (double) reported.stream().filter(CompressionReport.Model::withinBudget).count());
        metrics.put("chosen", kept == null ? 0.0 : 1.0);
        Measured served = chosen.orElse(parentMeasured);
        metrics.put("size_ratio", (double) parentMeasured.bytes() / served.bytes());
        metrics.put("batch1_speedup", parentMeasured.batch1Micros() / served.batch1Micros());
        metrics.put("throughput_ratio", served.rowsPerSecond() / parentMeasured.rowsPerSecond());
        heartbeat.done(reason);

        if (kept == null) {
            return new Compression(model, reportSha, metrics);
        }
        Map<String, Double> validation = new LinkedHashMap<>(model.validationMetrics());
        validation.put(classification ? "compressed_validation_accuracy" : "compressed_validation_rmse",
                served.metric() * scale);
        TrainedModel compressed = new TrainedModel(keptSha, kept.artifact().descriptor(), model.epochs(),
                model.bestEpoch(), model.stoppedEarly(), validation, transform, kept.artifact().kind().name());
        return new Compression(compressed, reportSha, metrics);
    }

    private static CompressionReport.Model entry(Measured m, List<CompressionTechnique> steps, ModelKind kind,
            String artifact, double scale, boolean withinBudget, boolean onFront) {
        return new CompressionReport.Model(m.name(), steps, kind.name(), artifact, m.metric() * scale, m.bytes(),
                m.parameters(), m.batch1Micros(), m.rowsPerSecond(), withinBudget, onFront);
    }
}
