package dev.hone.activities.tuning;

import dev.hone.activities.common.WorkerDrain;
import dev.hone.activities.pipeline.Failures;
import dev.hone.activities.pipeline.TrainingJob;
import dev.hone.ml.model.EpochMetrics;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.TrainingListener;
import dev.hone.registry.tuning.Study;
import dev.hone.registry.tuning.StudyService;
import dev.hone.registry.tuning.Trial;
import dev.hone.runs.TrainingConfigs;
import dev.hone.workflows.common.FailureType;
import dev.hone.workflows.tuning.TrialActivities;
import dev.hone.workflows.tuning.TrialOutcome;
import dev.hone.workflows.tuning.TrialReport;
import dev.hone.workflows.tuning.TrialRequest;
import dev.hone.workflows.tuning.TuningWorkflow;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowException;
import io.temporal.failure.ApplicationFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Trains one trial. After each epoch it records the objective value (for people watching),
 * heartbeats (which is how a cancelled study reaches it) and, when the study has an early-stopping
 * rule, reports the value to the study workflow, whose answer says whether to go on; a stopped
 * trial ends at once and frees its worker.
 */
@ApplicationScoped
public class TrialActivitiesImpl implements TrialActivities {

    private static final Logger LOG = Logger.getLogger(TrialActivitiesImpl.class);
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
                ApplicationFailure.newNonRetryableFailure("Study " + request.studyId() + " has no trial "
                        + request.number(), FailureType.NOT_FOUND.name()));
        if (FINISHED.contains(trial.status)) {
            return outcome(trial);
        }
        Study study = studies.get(request.studyId());
        boolean reports = StudyMapping.pruner(StudyMapping.spec(study)) != null;
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
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureType.INVALID_INPUT.name());
        }
        TuningWorkflow workflow = ctx.getWorkflowClient().newWorkflowStub(TuningWorkflow.class,
                ctx.getInfo().getWorkflowId());
        boolean classifier = job.isClassification(request.data());
        double targetStd = classifier ? 1.0 : job.targetStd(request.data());
        String what = "trial " + request.number() + " of study " + request.studyId();
        List<Double> curve = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            private long lastWrite;

            @Override
            public void onBatch(int epoch, int batch, int batches) {
                drain.check(what);
                ctx.heartbeat(epoch);
            }

            @Override
            public void onEpoch(EpochMetrics m) {
                double value = TrainingJob.validationMetrics(m, classifier, targetStd).get(study.objective);
                curve.add(value);
                // People watching see the curve grow; a write per epoch would cost more than a short epoch.
                if (System.nanoTime() - lastWrite >= CURVE_WRITE_INTERVAL_NANOS) {
                    studies.recordCurve(request.studyId(), request.number(), attempt, curve, worker);
                    lastWrite = System.nanoTime();
                }
                // The last heartbeat's details show, on the pending activity, how far the trial got.
                TrialReport report = new TrialReport(request.number(), attempt, m.epoch(), value);
                ctx.heartbeat(report);
                if (reports && stopNow(workflow, report)) {
                    throw new Stopped(m.epoch(), value);
                }
            }
        };
        try {
            TrainingJob.Outcome outcome = job.train(request.data(), config, listener);
            double value = outcome.metrics(outcome.best()).get(study.objective);
            studies.recordCurve(request.studyId(), request.number(), attempt, curve, worker);
            return outcome(studies.finishTrial(request.studyId(), request.number(), attempt, "COMPLETED", value,
                    null));
        } catch (Stopped stopped) {
            studies.recordCurve(request.studyId(), request.number(), attempt, curve, worker);
            return outcome(studies.finishTrial(request.studyId(), request.number(), attempt, "PRUNED",
                    stopped.value, null));
        }
    }

    /** The study's decision; without one (the study is gone or could not decide) the trial goes on. */
    private static boolean stopNow(TuningWorkflow workflow, TrialReport report) {
        try {
            return workflow.report(report);
        } catch (WorkflowException e) {
            LOG.warnf("Trial %d: the study did not take the report of epoch %d (%s); going on", report.number(),
                    report.epoch(), e.getMessage());
            return false;
        }
    }

    private static TrialOutcome outcome(Trial t) {
        return new TrialOutcome(t.number, t.status, t.value, StudyService.intermediate(t).size());
    }
}
