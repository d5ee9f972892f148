package dev.hone.activities.pipeline;

import static dev.hone.ml.report.EvaluationReport.INTERVAL_LEVEL;

import dev.hone.activities.common.WorkerDrain;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.metrics.Bootstrap;
import dev.hone.ml.metrics.ClassificationMetrics;
import dev.hone.ml.metrics.RegressionMetrics;
import dev.hone.ml.metrics.ResidualSummary;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.report.EvaluationReport;
import dev.hone.ml.servable.ServableModel;
import dev.hone.registry.common.Json;
import dev.hone.registry.run.RunService;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.EvaluateRequest;
import dev.hone.workflows.pipeline.Evaluation;
import dev.hone.workflows.pipeline.EvaluationActivities;
import dev.hone.workflows.pipeline.PipelineStage;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scores the trained model on the held-out test split. */
@ApplicationScoped
public class EvaluationActivitiesImpl implements EvaluationActivities {

    private static final String STAGE = PipelineStage.EVALUATE.name();

    private final RunService runs;
    private final ArtifactIO artifacts;
    private final WorkerDrain drain;

    public EvaluationActivitiesImpl(RunService runs, ArtifactIO artifacts, WorkerDrain drain) {
        this.runs = runs;
        this.artifacts = artifacts;
        this.drain = drain;
    }

    @Override
    public Evaluation evaluate(EvaluateRequest request) {
        var stored = runs.stageOutput(request.runId(), STAGE);
        if (stored.isPresent() && stored.get() != null) {
            return Json.read(stored.get(), Evaluation.class);
        }
        return Failures.classify(() -> {
            String workflowId = StageTries.begin(runs, request.runId(), STAGE);
            artifacts.checkWritable();
            FittedTransform transform = artifacts.readTransform(request.model().transform(request.data()));
            DataTable test = artifacts.readTable(request.data().testSplit());
            StageHeartbeat heartbeat = new StageHeartbeat(Activity.getExecutionContext(), runs, drain, request.runId(),
                    workflowId, STAGE, 0);
            Runnable resampled = () -> heartbeat.step("estimating the metrics' confidence intervals");
            float[][] x = transform.transform(test);
            EvaluationReport report;
            try (ServableModel model = artifacts.readModel(TrainingJob.kind(request.model().kind()),
                    request.model().configJson(), request.model().weightsArtifact())) {
                float[][] out = model.predict(x);
                int rows = test.rowCount();
                // Seeded by the run: a retried evaluation writes the same report.
                long seed = request.runId();
                if (transform.task() == Task.CLASSIFICATION) {
                    int[] truth = transform.encodeClasses(test);
                    List<String> labels = transform.classLabels();
                    ClassificationMetrics m = ClassificationMetrics.compute(truth, out, labels);
                    var intervals = Bootstrap.intervals(rows, rs -> metrics(ClassificationMetrics.compute(
                            Bootstrap.pick(truth, rs), Bootstrap.pick(out, rs), labels)), INTERVAL_LEVEL, seed, resampled);
                    report = new EvaluationReport(transform.task(), metrics(m), m.labels(), m.confusionMatrix(), rows,
                            intervals, INTERVAL_LEVEL, Bootstrap.resamples(rows), null);
                } else {
                    double[] truth = transform.regressionTarget(test);
                    double[] predicted = new double[truth.length];
                    for (int i = 0; i < truth.length; i++) {
                        predicted[i] = transform.decodeRegression(out[i][0]);
                    }
                    var intervals = Bootstrap.intervals(rows, rs -> metrics(RegressionMetrics.compute(
                            Bootstrap.pick(truth, rs), Bootstrap.pick(predicted, rs))), INTERVAL_LEVEL, seed, resampled);
                    report = new EvaluationReport(transform.task(), metrics(RegressionMetrics.compute(truth, predicted)),
                            List.of(), null, rows, intervals, INTERVAL_LEVEL, Bootstrap.resamples(rows),
                            ResidualSummary.compute(truth, predicted));
                }
            }
            Evaluation result = new Evaluation(report.metrics(), artifacts.writeJson(report));
            runs.saveStageOutput(request.runId(), workflowId, STAGE, Json.write(result));
            return result;
        });
    }

    private static Map<String, Double> metrics(ClassificationMetrics m) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", m.accuracy());
        metrics.put("macro_f1", m.macroF1());
        metrics.put("log_loss", m.logLoss());
        if (m.rocAuc() != null) {
            metrics.put("roc_auc", m.rocAuc());
        }
        return metrics;
    }

    private static Map<String, Double> metrics(RegressionMetrics m) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("rmse", m.rmse());
        metrics.put("mae", m.mae());
        metrics.put("r2", m.r2());
        return metrics;
    }
}
