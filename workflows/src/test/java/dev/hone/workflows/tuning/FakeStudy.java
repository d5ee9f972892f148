package dev.hone.workflows.tuning;

import dev.hone.errors.ErrorCode;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.ParameterType;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.workflows.pipeline.TrainingSettings;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hand-written fakes of a small study's activities, shared by the history recorders and the tests,
 * so that the recorded histories match what the tests exercise. Trial {@code n} scores
 * {@code 0.2 n} (lower is better) at each of {@link #EPOCHS} epochs; the early-stopping rule stops
 * a trial scoring above 0.5 from epoch 2 on, so trials 3 and 4 are stopped after two epochs;
 * trial {@link #FAILING_TRIAL} fails for good.
 */
public final class FakeStudy {

    public static final int EPOCHS = 4;
    public static final int FAILING_TRIAL = 1;
    public static final long STUDY_ID = 77;

    /** Five trials, two at a time, median rule. */
    public static final TuningSpec SPEC = new TuningSpec(Sampler.RANDOM, Pruner.MEDIAN, "validation_loss", Direction.MINIMIZE, 5, 2, 3,
            1, 3, List.of(new ParameterDef("learningRate", ParameterType.FLOAT, 1e-4, 1e-1, true, null, null, null, null)));

    /** How a running trial learns that it should stop. */
    public enum Stopping {
        /** It reports each epoch to the study workflow, whose answer decides (the first release). */
        REPORTS,
        /** It decides itself (the real trials do so from the curves stored in the registry). */
        TRIALS_DECIDE
    }

    private final Stopping stopping;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    public FakeStudy(Stopping stopping) {
        this.stopping = stopping;
    }

    /** Registers the study's control activities on {@code control} and its trials on {@code compute}. */
    public void register(Worker control, Worker compute) {
        control.registerActivitiesImplementations(new Tuning(), new Pruning());
        compute.registerActivitiesImplementations(new Trials());
    }

    /** Calls of the control activities, e.g. {@code propose 3} or {@code failed 1: diverged}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    static double value(int number) {
        return 0.2 * number;
    }

    static boolean weak(double value, int epoch) {
        return epoch >= 2 && value > 0.5;
    }

    private final class Tuning implements TuningActivities {
        @Override
        public long createStudy(TuningRequest request) {
            calls.add("create");
            return STUDY_ID;
        }

        @Override
        public TrialProposal propose(long studyId, int number) {
            calls.add("propose " + number);
            return new TrialProposal(number, new TrainingSettings(null, null, null, null, 0.001 * (number + 1), null,
                    null, EPOCHS, null, null, null, null, null));
        }

        @Override
        public void trialFailed(long studyId, int number, String error) {
            calls.add("failed " + number + ": " + error);
        }

        @Override
        public TuningResult finish(long studyId) {
            calls.add("finish");
            return new TuningResult(studyId, 0, 0.0, new TrainingSettings(null, null, null, null, 0.001, null, null,
                    EPOCHS, null, null, null, null, null), 1, 2, 1);
        }
    }

    /** The first release's rule, asked by the workflow for each report. */
    private static final class Pruning implements PruningActivities {
        @Override
        public boolean shouldStop(PruningQuery query) {
            return weak(query.trials().get(query.number()).values().get(query.epoch() - 1), query.epoch());
        }
    }

    private final class Trials implements TrialActivities {
        @Override
        public TrialOutcome runTrial(TrialRequest request) {
            int number = request.number();
            if (number == FAILING_TRIAL) {
                throw ApplicationFailure.newNonRetryableFailure("diverged", ErrorCode.INVALID_INPUT.name());
            }
            var ctx = Activity.getExecutionContext();
            TuningWorkflow study = ctx.getWorkflowClient().newWorkflowStub(TuningWorkflow.class,
                    ctx.getInfo().getWorkflowId());
            double value = value(number);
            for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                boolean stop = stopping == Stopping.REPORTS
                        ? study.report(new TrialReport(number, ctx.getInfo().getAttempt(), epoch, value))
                        : weak(value, epoch);
                if (stop) {
                    return new TrialOutcome(number, "PRUNED", value, epoch);
                }
            }
            return new TrialOutcome(number, "COMPLETED", value, EPOCHS);
        }
    }
}
