package dev.hone.activities.pipeline;

import dev.hone.activities.common.WorkerDrain;
import dev.hone.ml.model.EpochMetrics;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.TrainingListener;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.servable.ServableArtifact;
import dev.hone.registry.common.Json;
import dev.hone.registry.run.RunService;
import dev.hone.runs.TrainingConfigs;
import dev.hone.workflows.pipeline.PipelineStage;
import dev.hone.workflows.pipeline.TrainRequest;
import dev.hone.workflows.pipeline.TrainedModel;
import dev.hone.workflows.pipeline.TrainingActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the MLP. Heartbeats every batch (the SDK throttles them) so that a cancelled run stops
 * within seconds, and records per-epoch progress on the run's stage.
 */
@ApplicationScoped
public class TrainingActivitiesImpl implements TrainingActivities {

    private static final String STAGE = PipelineStage.TRAIN.name();
    /** Progress writes to the database at most this often. */
    private static final long PROGRESS_INTERVAL_MS = 250;

    private final RunService runs;
    private final TrainingJob job;
    private final WorkerDrain drain;

    public TrainingActivitiesImpl(RunService runs, TrainingJob job, WorkerDrain drain) {
        this.runs = runs;
        this.job = job;
        this.drain = drain;
    }

    @Override
    public TrainedModel train(TrainRequest request) {
        var stored = runs.stageOutput(request.runId(), STAGE);
        if (stored.isPresent() && stored.get() != null) {
            return Json.read(stored.get(), TrainedModel.class);
        }
        return Failures.classify(() -> {
            String workflowId = StageTries.begin(runs, request.runId(), STAGE);
            MlpConfig config = TrainingConfigs.config(request.training(), request.seed()).validate();
            ActivityExecutionContext ctx = Activity.getExecutionContext();
            TrainingListener listener = new ProgressListener(ctx, request.runId(), workflowId, config.maxEpochs());
            TrainingJob.Outcome outcome = job.train(request.data(), config, listener);
            TrainingResult result = outcome.result();
            Map<String, Double> validationMetrics = new LinkedHashMap<>(outcome.metrics(outcome.best()));
            validationMetrics.put("epochs", (double) result.history().size());
            validationMetrics.put("best_epoch", (double) result.bestEpoch());

            // The last word on the stage: throttled epoch lines would otherwise outlive an early stop.
            runs.stageProgress(request.runId(), workflowId, STAGE, 1, String.format(Locale.ROOT,
                    "%d epochs%s; best epoch %d, validation loss %.4f", result.history().size(),
                    result.stoppedEarly() ? " (stopped early after " + config.patience() + " without improvement)" : "",
                    result.bestEpoch(), result.best().validationLoss()), null);
            ServableArtifact model = TrainingJob.artifact(outcome);
            TrainedModel out = new TrainedModel(job.store(model), model.descriptor(),
                    result.history().size(), result.bestEpoch(), result.stoppedEarly(), validationMetrics);
            runs.saveStageOutput(request.runId(), workflowId, STAGE, Json.write(out));
            return out;
        });
    }

    /**
     * Heartbeats and stage progress. A heartbeat throws once the run is cancelled, which ends
     * training; so does a stopping worker, which hands the training back.
     */
    private final class ProgressListener implements TrainingListener {
        private final ActivityExecutionContext ctx;
        private final long runId;
        private final String workflowId;
        private final int maxEpochs;
        private long lastWrite;

        ProgressListener(ActivityExecutionContext ctx, long runId, String workflowId, int maxEpochs) {
            this.ctx = ctx;
            this.runId = runId;
            this.workflowId = workflowId;
            this.maxEpochs = maxEpochs;
        }

        @Override
        public void onBatch(int epoch, int batch, int batches) {
            drain.check("the training of run " + runId);
            ctx.heartbeat(TrainingJob.batchLine(epoch, batch, batches));
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            ctx.heartbeat(String.format(Locale.ROOT, "training: epoch %d done, validation loss %.4f", m.epoch(),
                    m.validationLoss()));
            long now = System.currentTimeMillis();
            if (now - lastWrite >= PROGRESS_INTERVAL_MS || m.epoch() == maxEpochs) {
                lastWrite = now;
                Map<String, Double> metrics = Map.of(
                        "epoch", (double) m.epoch(),
                        "train_loss", m.trainLoss(),
                        "validation_loss", m.validationLoss(),
                        "validation_metric", m.validationMetric());
                runs.stageProgress(runId, workflowId, STAGE, (double) m.epoch() / maxEpochs,
                        String.format(Locale.ROOT, "epoch %d of at most %d, validation loss %.4f", m.epoch(),
                                maxEpochs, m.validationLoss()),
                        Json.write(metrics));
            }
        }
    }
}
