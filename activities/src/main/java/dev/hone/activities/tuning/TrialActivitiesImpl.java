package dev.hone.activities.tuning;

import dev.hone.activities.common.WorkerDrain;
import dev.hone.activities.pipeline.Failures;
import dev.hone.activities.pipeline.TrainingJob;
import dev.hone.errors.ErrorCode;
import dev.hone.ml.compress.Int8Network;
import dev.hone.ml.compress.search.CompressionSearch;
import dev.hone.ml.model.EpochMetrics;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.ModelDescriptor;
import dev.hone.ml.model.TrainingListener;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.preprocess.Splitter;
import dev.hone.ml.servable.FloatMlpFormat;
import dev.hone.ml.servable.Int8MlpFormat;
import dev.hone.ml.servable.ServableArtifact;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.ServableModels;
import dev.hone.ml.servable.Speed;
import dev.hone.ml.tuning.Pruner;
import dev.hone.registry.tuning.Study;
import dev.hone.registry.tuning.StudyService;
import dev.hone.registry.tuning.Trial;
import dev.hone.runs.TrainingConfigs;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.StudyCost;
import dev.hone.workflows.pipeline.StageArtifacts;
import dev.hone.workflows.tuning.TrialActivities;
import dev.hone.workflows.tuning.TrialOutcome;
import dev.hone.workflows.tuning.TrialReport;
import dev.hone.workflows.tuning.TrialRequest;
import dev.hone.workflows.tuning.TuningSpec;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Trains one trial. After each epoch it heartbeats (which is how a cancelled study reaches it) and
 * records the objective value; when the study has an early-stopping rule, it records every epoch's
 * value (the other trials decide from it) and applies the rule to its own curve and the stored
 * curves of the study's other trials ({@link EarlyStopping}). A stopped trial records itself PRUNED
 * at that epoch and ends at once, freeing its worker. Nothing goes to the study workflow per epoch.
 * A refused write (the study or the trial has ended) or a rule that cannot decide ends the trial
 * with that error: it never trains on without its study's early stopping. In a study with a cost, a
 * completed trial also measures its model's latency or size ({@link #cost}).
 *
 * <p>On small data (when the study has {@code folds}, see {@link TrainingJob#folds}) a trial is scored by
 * k-fold cross-validation over the training and validation rows together, folds dealt by the study's seed
 * (the same for every trial): fold 0 trains as above, its curve is the one recorded and the one early
 * stopping judges; if it completes, the other folds train in turn, and the trial's value is the mean of
 * all folds' values at their best epochs (each fold's is kept too: the study compares its best trial with
 * trial 0 fold by fold when it finishes, {@link StudyService#finish(long, Double)}). The folds run one after
 * another inside the trial's activity: a fold on such data takes seconds, the early-stopping rule needs fold 0's
 * epochs as they happen, and a study already spreads its trials over the workers.
 */
@ApplicationScoped
public class TrialActivitiesImpl implements TrialActivities {

    static final long CURVE_WRITE_INTERVAL_NANOS = 250_000_000L;

    /** Trial outcomes a retry returns as recorded. */
    private static final Set<String> FINISHED = Set.of("COMPLETED", "PRUNED", "FAILED");

    private final StudyService studies;
    private final TrainingJob job;
    private final WorkerDrain drain;

    public TrialActivitiesImpl(StudyService studies, TrainingJob job, WorkerDrain drain) {
        this.studies = studies;
        this.job = job;
        this.drain = drain;
    }

    /** Thrown from the training listener when the early-stopping rule stops the trial. */
    static final class Stopped extends RuntimeException {
        final int epoch;
        final double value;

        Stopped(int epoch, double value) {
            super("stopped early at epoch " + epoch, null, false, false);
            this.epoch = epoch;
            this.value = value;
        }
    }

    @Override
    public TrialOutcome runTrial(TrialRequest request) {
        return Failures.classify(() -> train(request));
    }

    private TrialOutcome train(TrialRequest request) {
        Trial trial = studies.trial(request.studyId(), request.number()).orElseThrow(() ->
                Failures.failure(ErrorCode.NOT_FOUND, "Study " + request.studyId() + " has no trial "
                        + request.number()));
        if (FINISHED.contains(trial.status)) {
            return outcome(trial);
        }
        Study study = studies.get(request.studyId());
        TuningSpec spec = StudyMapping.spec(study);
        Pruner pruner = StudyMapping.pruner(spec);
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        int attempt = ctx.getInfo().getAttempt();
        String worker = ctx.getInfo().getActivityTaskQueue() + "@" + ManagementFactory.getRuntimeMXBean().getName();
        // From here on only this attempt may write the trial; it is refused once the study has ended.
        studies.startAttempt(request.studyId(), request.number(), attempt, worker);
        MlpConfig config;
        try {
            config = TrainingConfigs.config(request.settings(), request.seed()).validate();
        } catch (IllegalArgumentException e) {
            studies.finishTrial(request.studyId(), request.number(), attempt, "FAILED", null, e.getMessage());
            throw Failures.failure(ErrorCode.INVALID_INPUT, e.getMessage());
        }
        int maxEpochs = config.maxEpochs();
        EarlyStopping stopping = pruner == null ? null : new EarlyStopping(EarlyStopping.Curves.of(studies),
                request.studyId(), request.number(), pruner, Direction.valueOf(study.direction));
        // A study that trains on a row sample keeps it with the study; validation stays whole.
        StageArtifacts data = study.sampleArtifact == null ? request.data()
                : request.data().withTrainSplit(study.sampleArtifact, study.sampleRows);
        boolean classifier = job.isClassification(data);
        double targetStd = classifier ? 1.0 : job.targetStd(data);
        String what = "trial " + request.number() + " of study " + request.studyId();
        List<Double> curve = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            private long lastWrite;

            @Override
            public void onBatch(int epoch, int batch, int batches) {
                drain.check(what);
                ctx.heartbeat(TrainingJob.batchLine(epoch, batch, batches));
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                double value = TrainingJob.validationMetrics(m, classifier, targetStd).get(study.objective);
                curve.add(value);
                // The last heartbeat's details show, on the pending activity, how far the trial got.
                ctx.heartbeat(new TrialReport(request.number(), attempt, m.epoch(), value));
                // With early stopping every value is stored, since the other trials decide from it; without,
                // people watching see the curve grow, and a write per epoch would cost more than a short epoch.
                if (stopping != null || System.nanoTime() - lastWrite >= CURVE_WRITE_INTERVAL_NANOS) {
                    studies.recordCurve(request.studyId(), request.number(), attempt, curve, worker);
                    lastWrite = System.nanoTime();
                }
                // After its last epoch a trial has nothing left to save: it completes.
                if (stopping != null && m.epoch() < maxEpochs && decide(stopping, m.epoch())) {
                    throw new Stopped(m.epoch(), value);
                }
            }

            private boolean decide(EarlyStopping stopping, int epoch) {
                try {
                    return stopping.shouldStop(epoch, curve);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("The early-stopping rule of study " + request.studyId()
                            + " could not decide on trial " + request.number() + " after epoch " + epoch + ": "
                            + e.getMessage(), e);
                }
            }
        };
        try {
            TrainingJob.Pooled pooled = study.folds == null ? null : job.pooled(data, config);
            int[] folds = pooled == null ? null
                    : Splitter.folds(pooled.classes(), pooled.x().length, study.folds, study.seed);
            TrainingJob.Outcome outcome = pooled == null ? job.train(data, config, listener)
                    : TrainingJob.trainFold(pooled, folds, 0, config, listener);
            double value = outcome.metrics(outcome.best()).get(study.objective);
            List<Double> foldValues = null;
            if (pooled != null) {
                foldValues = crossValidate(pooled, folds, study.folds, config, value, study.objective, ctx, what,
                        () -> studies.checkAttempt(request.studyId(), request.number(), attempt));
                value = mean(foldValues);
            }
            studies.recordCurve(request.studyId(), request.number(), attempt, curve, worker);
            Double cost = null;
            if (spec.cost() != null) {
                ctx.heartbeat("measuring the trial's " + spec.cost().name().toLowerCase(java.util.Locale.ROOT));
                cost = cost(spec.cost(), outcome.result(), classifier);
            }
            return outcome(studies.finishTrial(request.studyId(), request.number(), attempt, "COMPLETED", value,
                    cost, foldValues, null));
        } catch (Stopped stopped) {
            studies.recordCurve(request.studyId(), request.number(), attempt, curve, worker);
            return outcome(studies.finishTrial(request.studyId(), request.number(), attempt, "PRUNED",
                    stopped.value, null));
        }
    }

    /**
     * Trains folds 1 to {@code k - 1} (fold 0, already trained with early stopping, gave {@code first}) and
     * returns every fold's objective value at its best epoch, in fold order. Heartbeats every batch, so a cancelled
     * study or a stopping worker ends it between batches, and runs {@code stillMine} (which throws when the
     * study or the trial has ended) every {@link #CURVE_WRITE_INTERVAL_NANOS}, as fold 0's curve writes did.
     */
    private List<Double> crossValidate(TrainingJob.Pooled pooled, int[] folds, int k, MlpConfig config, double first,
            String objective, ActivityExecutionContext ctx, String what, Runnable stillMine) {
        List<Double> values = new ArrayList<>(List.of(first));
        for (int f = 1; f < k; f++) {
            String fold = "fold " + (f + 1) + " of " + k + ", ";
            TrainingJob.Outcome o = TrainingJob.trainFold(pooled, folds, f, config, new TrainingListener() {
                @Override
                public void onBatch(int epoch, int batch, int batches) {
                    drain.check(what);
                    ctx.heartbeat(fold + TrainingJob.batchLine(epoch, batch, batches));
                }

                private long lastCheck = System.nanoTime();

                @Override
                public void onEpoch(EpochMetrics m) {
                    if (System.nanoTime() - lastCheck >= CURVE_WRITE_INTERVAL_NANOS) {
                        stillMine.run();
                        lastCheck = System.nanoTime();
                    }
                }
            });
            values.add(o.metrics(o.best()).get(objective));
        }
        return values;
    }

    /** The folds' mean, summed in fold order (a compensated sum would move the last bits, and a GP's proposals). */
    private static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    /** Single-row calls timed when a study's cost is LATENCY (after a warm-up of at least 0.3 s). */
    static final int LATENCY_CALLS = 1_000;

    /**
     * A completed trial's second objective: its model's median batch-1 latency on this worker as serving would load
     * it (microseconds), as trained or in int8, or its parameter count. The inputs do not change an MLP's speed, so
     * the rows timed are constant (and calibrate the int8 form, which is timed, not kept).
     */
    static double cost(StudyCost cost, TrainingResult result, boolean classifier) {
        ServableArtifact artifact = FloatMlpFormat.write(result, classifier);
        float[][] rows = new float[16][result.inputSize()];
        for (float[] row : rows) {
            java.util.Arrays.fill(row, 0.5f);
        }
        return switch (cost) {
            case SIZE -> FloatMlpFormat.parameterCount(FloatMlpFormat.descriptor(artifact.descriptor()));
            case LATENCY -> latency(artifact, rows);
            case INT8_LATENCY -> latency(Int8MlpFormat.write(Int8Network.quantize(
                    CompressionSearch.dense(result, classifier), rows), ModelDescriptor.of(result, classifier)), rows);
        };
    }

    private static double latency(ServableArtifact artifact, float[][] rows) {
        try (ServableModel model = ServableModels.load(artifact)) {
            return Speed.measure(model, rows, LATENCY_CALLS).batch1Micros();
        }
    }

    private static TrialOutcome outcome(Trial t) {
        return new TrialOutcome(t.number, t.status, t.value, StudyService.intermediate(t).size());
    }
}
