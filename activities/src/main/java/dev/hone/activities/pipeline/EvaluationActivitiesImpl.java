package dev.hone.activities.pipeline;

import dev.hone.ml.data.DataTable;
import dev.hone.ml.metrics.ClassificationMetrics;
import dev.hone.ml.metrics.RegressionMetrics;
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
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Scores the trained model on the held-out test split. */
@ApplicationScoped
public class EvaluationActivitiesImpl implements EvaluationActivities {

    private static final String STAGE = PipelineStage.EVALUATE.name();

    private final RunService runs;
    private final ArtifactIO artifacts;

    public EvaluationActivitiesImpl(RunService runs, ArtifactIO artifacts) {
        this.runs = runs;
        this.artifacts = artifacts;
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
            FittedTransform transform = artifacts.readTransform(request.data().transform());
            DataTable test = artifacts.readTable(request.data().testSplit());
            float[][] x = transform.transform(test);
            EvaluationReport report;
            try (ServableModel model = artifacts.readModel(TrainingJob.KIND, request.model().configJson(),
                    request.model().weightsArtifact())) {
                float[][] out = model.predict(x);
                if (transform.task() == Task.CLASSIFICATION) {
                    ClassificationMetrics m = ClassificationMetrics.compute(transform.encodeClasses(test), out,
                            transform.classLabels());
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put("accuracy", m.accuracy());
                    metrics.put("macro_f1", m.macroF1());
                    metrics.put("log_loss", m.logLoss());
                    if (m.rocAuc() != null) {
                        metrics.put("roc_auc", m.rocAuc());
                    }
                    report = new EvaluationReport(transform.task(), metrics, m.labels(), m.confusionMatrix(),
                            test.rowCount());
                } else {
                    double[] truth = transform.regressionTarget(test);
                    double[] predicted = new double[truth.length];
                    for (int i = 0; i < truth.length; i++) {
                        predicted[i] = transform.decodeRegression(out[i][0]);
                    }
                    RegressionMetrics m = RegressionMetrics.compute(truth, predicted);
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put("rmse", m.rmse());
                    metrics.put("mae", m.mae());
                    metrics.put("r2", m.r2());
                    report = new EvaluationReport(transform.task(), metrics, java.util.List.of(), null,
                            test.rowCount());
                }
            }
            Evaluation result = new Evaluation(report.metrics(), artifacts.writeJson(report));
            runs.saveStageOutput(request.runId(), workflowId, STAGE, Json.write(result));
            return result;
        });
    }
}
