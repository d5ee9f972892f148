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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
            TrainingListener listener = new ProgressListener(ctx, request.runId(), workflowId, config.maxEpochs(),
                    null);
            TrainingJob.Splits splits = job.splits(request.data(), config);
            TrainingJob.Outcome outcome = job.train(splits, config, listener, request.reweighOver());
            TrainingResult result = outcome.result();
            Map<String, Double> validationMetrics = new LinkedHashMap<>(outcome.metrics(outcome.best()));
            validationMetrics.put("epochs", (double) result.history().size());
            validationMetrics.put("best_epoch", (double) result.bestEpoch());
            String line = String.format(Locale.ROOT, "%d epochs%s; best epoch %d, validation loss %.4f",
                    result.history().size(), result.stoppedEarly() ? " (stopped early after " + config.patience()
                            + " without improvement)" : "", result.bestEpoch(), result.best().validationLoss());

            // The validation split chose the epoch count; on small data the kept model then learns from it too.
            // The selection's history and validation metrics stay those of the held-out training.
            List<Integer> counts = request.data().rows();
            int rows = counts == null ? Integer.MAX_VALUE : counts.get(0) + counts.get(1);
            boolean pooled = rows <= TrainingJob.REFIT_MAX_ROWS;
            // The rows the first training read and transformed: the refit learns from them without reading again
            // (and past the refit's size the splits go before anything else is read).
            TrainingJob.Pooled both = pooled ? job.pooled(splits, request.reweighOver()) : null;
            splits = null;
            if (pooled) {
                TrainingResult refit = TrainingJob.trainFor(both, result.config(), result.bestEpoch(),
                        new ProgressListener(ctx, request.runId(), workflowId, result.bestEpoch(),
                                "training on training and validation rows"));
                result = new TrainingResult(refit.parameters(), result.inputSize(), result.outputSize(),
                        result.config(), result.history(), result.bestEpoch(), result.stoppedEarly());
                outcome = new TrainingJob.Outcome(result, outcome.classifier(), outcome.targetStd());
                validationMetrics.put("refit_rows", (double) rows);
                line += String.format(Locale.ROOT, "; then trained %d epochs on all %,d training and validation rows",
                        result.bestEpoch(), rows);
            }
            // An ensemble's further networks: the next seeds, trained as the first one finally was.
            List<TrainingResult> networks = new ArrayList<>(List.of(result));
            TrainingJob.Pooled finalRows = config.ensembleSize() <= 1 ? null
                    : pooled ? both : job.trainingRows(request.data(), config, request.reweighOver());
            for (int n = 1; n < config.ensembleSize(); n++) {
                String what = String.format(Locale.ROOT, "training network %d of %d", n + 1, config.ensembleSize());
                networks.add(TrainingJob.trainFor(finalRows, result.config().withSeed(config.seed() + n),
                        result.bestEpoch(), new ProgressListener(ctx, request.runId(), workflowId, result.bestEpoch(),
                                what)));
            }
            if (networks.size() > 1) {
                validationMetrics.put("ensemble_size", (double) networks.size());
                line += String.format(Locale.ROOT, "; then %d more networks with the next seeds, averaged",
                        networks.size() - 1);
            }
            if (request.reweighOver() != null && outcome.classifier()) {
                validationMetrics.put("reweighed", 1.0);
                line += "; rows reweighed over '" + request.reweighOver() + "' (fairness)";
            }
            // The last word on the stage: throttled epoch lines would otherwise outlive an early stop.
            runs.stageProgress(request.runId(), workflowId, STAGE, 1, line, null);
            ServableArtifact model = TrainingJob.artifact(networks, outcome.classifier());
            TrainedModel out = new TrainedModel(job.store(model), model.descriptor(),
                    result.history().size(), result.bestEpoch(), result.stoppedEarly(), validationMetrics,
                    TrainingJob.transform(request.data(), config), model.kind().name());
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
        /** What a training of a fixed epoch count is doing, or null for the training that validates. */
        private final String fixed;
        private long lastWrite;

        ProgressListener(ActivityExecutionContext ctx, long runId, String workflowId, int maxEpochs, String fixed) {
            this.ctx = ctx;
            this.runId = runId;
            this.workflowId = workflowId;
            this.maxEpochs = maxEpochs;
            this.fixed = fixed;
        }

        @Override
        public void onBatch(int epoch, int batch, int batches) {
            drain.check("the training of run " + runId);
            ctx.heartbeat(TrainingJob.batchLine(epoch, batch, batches));
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            if (fixed != null) {
                String line = String.format(Locale.ROOT, "%s: epoch %d of %d", fixed, m.epoch(), maxEpochs);
                ctx.heartbeat(line);
                long now = System.currentTimeMillis();
                if (now - lastWrite >= PROGRESS_INTERVAL_MS || m.epoch() == maxEpochs) {
                    lastWrite = now;
                    runs.stageProgress(runId, workflowId, STAGE, 1, line, null);
                }
                return;
            }
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
