package dev.hone.workflows.tuning;

import dev.hone.errors.ErrorCode;
import dev.hone.vocabulary.Pruner;
import dev.hone.workflows.common.TaskQueues;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Runs a study. Trials are activities, so a crashed worker loses only its running trial, which
 * Temporal retries elsewhere; finished trials are in the history and never run again.
 *
 * <p>Early stopping: a running trial stores each epoch's objective value in the registry and
 * applies the study's rule to its own curve and the stored curves of the study's other trials;
 * when the rule stops it, the trial records itself PRUNED at that epoch and ends, freeing its
 * worker. The workflow receives no per-epoch traffic at all: a real Temporal server caps a run at
 * 2,000 updates (10 in flight), 51,200 history events and 50 MB of history, which one update per
 * epoch of each trial (the first release's {@code report}) exceeds within a few dozen trials.
 * What the workflow records per trial (a proposal, the trial activity, their workflow tasks) is
 * bounded too: after {@link #TRIALS_PER_RUN} trials, or when the server suggests it, a run lets its
 * running trials finish and continues as new, carrying the study's counts
 * ({@link TuningProgress}). Studies started by the first release replay as they ran: their trials'
 * reports go on through the {@code report} update, which stays registered for them.
 */
public class TuningWorkflowImpl implements TuningWorkflow {

    static final ActivityOptions CONTROL = ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.CONTROL)
            .setStartToCloseTimeout(Duration.ofSeconds(60))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setMaximumAttempts(20)
                    .setDoNotRetry(ErrorCode.nonRetryable())
                    .build())
            .build();

    static final ActivityOptions TRIAL = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofHours(6))
            .setHeartbeatTimeout(Duration.ofSeconds(20))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2.0)
                    .setMaximumAttempts(3)
                    .setDoNotRetry(ErrorCode.nonRetryable())
                    .build())
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .build();

    static final LocalActivityOptions DECIDE = LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
            .build();

    /**
     * Trials one workflow run starts before the study continues as new. Each trial adds about 11
     * events and 2 KB to its run's history (TuningWorkflowLimitsTest measured 2,632 to 2,668 events
     * and 0.5 MB per run of 250 trials), so a run stays at about 5% of the 51,200 events and 1% of the
     * 50 MB a server allows, whatever the study's size.
     */
    public static final int TRIALS_PER_RUN = 250;

    private static final Logger LOG = Workflow.getLogger(TuningWorkflowImpl.class);

    private final TuningActivities tuning = Workflow.newActivityStub(TuningActivities.class, CONTROL);
    private final PruningActivities pruning = Workflow.newLocalActivityStub(PruningActivities.class, DECIDE);

    private long studyId;
    /**
     * Studies started by this release never ask the workflow service to cancel an activity (see
     * ModelOptimizationWorkflowImpl.control): a cancel abandons the running trials, whose writes into
     * the study its run's end has closed are refused, and bookkeeping steps run to their end.
     */
    private boolean consistentEnd;
    private int started;
    private int finished;
    private int maxTrials;
    private TuningSpec spec;
    private final Map<Integer, Promise<TrialOutcome>> running = new LinkedHashMap<>();
    /** Every trial's curve and status, from the reports and outcomes this workflow received. */
    private final Map<Integer, TrialCurve> curves = new TreeMap<>();
    private final Map<Integer, Integer> attempts = new HashMap<>();
    private int stopped;
    /**
     * Studies started by this release leave early stopping to their trials, which decide from the
     * stored curves, take no reports, and continue as new after a bounded number of trials; the first
     * release's studies decide on the trials' reports (the {@code report} update).
     */
    private boolean trialsDecide;
    private int startedThisRun;
    private int trialsPerRun;

    @Override
    public TuningResult run(TuningRequest request) {
        consistentEnd = Workflow.getVersion("consistent-end", Workflow.DEFAULT_VERSION, 1) == 1;
        ActivityOptions.Builder trialOptions = ActivityOptions.newBuilder(TRIAL)
                .setTaskQueue(TaskQueues.computeQueue(request.device()));
        if (consistentEnd) {
            trialOptions.setCancellationType(ActivityCancellationType.ABANDON);
        }
        TrialActivities trials = Workflow.newActivityStub(TrialActivities.class, trialOptions.build());
        trialsDecide = Workflow.getVersion("trials-decide", Workflow.DEFAULT_VERSION, 1) == 1;
        spec = request.spec();
        maxTrials = spec.maxTrials();
        trialsPerRun = request.trialsPerRun() > 0 ? request.trialsPerRun() : TRIALS_PER_RUN;
        int parallelism = Math.max(1, request.spec().parallelism());
        TuningProgress carried = request.progress();
        if (carried != null) {
            studyId = carried.studyId();
            started = carried.started();
            finished = carried.finished();
            stopped = carried.stopped();
        } else {
            studyId = control(() -> tuning.createStudy(request));
        }
        while (startsMore() || !running.isEmpty()) {
            while (running.size() < parallelism && startsMore()) {
                int number = started++;
                startedThisRun++;
                TrialProposal proposal = control(() -> tuning.propose(studyId, number));
                curves.put(number, new TrialCurve("RUNNING", List.of()));
                running.put(number, Async.function(trials::runTrial,
                        new TrialRequest(studyId, number, request.data(), proposal.settings(), request.seed())));
            }
            try {
                Promise.anyOf(new ArrayList<>(running.values())).get();
            } catch (ActivityFailure e) {
                // A trial failed; it is looked at with the others just below.
            }
            for (var entry : List.copyOf(running.entrySet())) {
                if (entry.getValue().isCompleted()) {
                    running.remove(entry.getKey());
                    finished++;
                    try {
                        TrialOutcome outcome = entry.getValue().get();
                        curves.put(entry.getKey(), new TrialCurve(outcome.status(),
                                curves.get(entry.getKey()).values()));
                        if (trialsDecide && "PRUNED".equals(outcome.status())) {
                            stopped++;
                        }
                    } catch (ActivityFailure e) {
                        if (e.getCause() instanceof CanceledFailure cancelled) {
                            throw cancelled;
                        }
                        String reason = e.getCause() instanceof ApplicationFailure app ? app.getOriginalMessage()
                                : String.valueOf(e.getCause().getMessage());
                        curves.put(entry.getKey(), new TrialCurve("FAILED", curves.get(entry.getKey()).values()));
                        control(() -> {
                            tuning.trialFailed(studyId, entry.getKey(), reason);
                            return null;
                        });
                    }
                }
            }
        }
        if (started < maxTrials) {
            // This run started its share and its trials have ended: the study goes on in a new run.
            if (CancellationScope.current().isCancelRequested()) {
                throw new CanceledFailure("Cancelled by request");
            }
            Workflow.continueAsNew(request.continuedFrom(new TuningProgress(studyId, started, finished, stopped)));
        }
        // A report may still be deciding for a trial that has just ended.
        Workflow.await(Workflow::isEveryHandlerFinished);
        return control(() -> tuning.finish(studyId));
    }

    /**
     * Whether this run starts another trial: while the budget lasts and, for studies of this
     * release, until the run has started its share or the workflow service suggests a new run.
     */
    private boolean startsMore() {
        if (started >= maxTrials) {
            return false;
        }
        if (!trialsDecide) {
            return true;
        }
        return startedThisRun < trialsPerRun
                && !(startedThisRun > 0 && Workflow.getInfo().isContinueAsNewSuggested());
    }

    /** A bookkeeping step that runs to its end even when the study is cancelled; the cancel takes effect after it. */
    private <T> T control(Supplier<T> step) {
        if (!consistentEnd) {
            return step.get();
        }
        List<T> result = new ArrayList<>(1);
        Workflow.newDetachedCancellationScope(() -> result.add(step.get())).run();
        if (CancellationScope.current().isCancelRequested()) {
            throw new CanceledFailure("Cancelled by request");
        }
        return result.get(0);
    }

    @Override
    public void validateReport(TrialReport report) {
        if (trialsDecide) {
            throw new IllegalStateException("Trials of study " + studyId + " decide early stopping themselves from "
                    + "the stored curves; the study takes no reports");
        }
        if (!running.containsKey(report.number())) {
            throw new IllegalStateException("Trial " + report.number() + " is not running in this study");
        }
        if (report.epoch() < 1) {
            throw new IllegalArgumentException("Epochs count from 1, got " + report.epoch());
        }
    }

    /** The first release's early stopping, kept for its studies (whose histories hold these updates). */
    @Override
    public boolean report(TrialReport r) {
        if ("PRUNED".equals(curves.get(r.number()).status())) {
            return true; // already told to stop (a retry of an attempt that got the answer and then crashed)
        }
        List<Double> values = new ArrayList<>(curves.get(r.number()).values());
        if (r.attempt() != attempts.getOrDefault(r.number(), r.attempt())) {
            values.clear(); // a retried trial trains from the start again
        }
        attempts.put(r.number(), r.attempt());
        while (values.size() >= r.epoch()) {
            values.remove(values.size() - 1);
        }
        if (values.size() != r.epoch() - 1) {
            throw ApplicationFailure.newNonRetryableFailure("Trial " + r.number() + " reported epoch " + r.epoch()
                    + " after epoch " + values.size(), ErrorCode.INVALID_INPUT.name());
        }
        values.add(r.value());
        curves.put(r.number(), new TrialCurve("RUNNING", List.copyOf(values)));
        if (spec.pruner() == Pruner.NONE) {
            return false;
        }
        boolean stop;
        try {
            stop = pruning.shouldStop(new PruningQuery(spec.pruner(), spec.minResource(), spec.reductionFactor(),
                    spec.direction(), r.number(), r.epoch(), Map.copyOf(curves)));
        } catch (ActivityFailure e) {
            // Without a decision the trial goes on: early stopping saves time, it never decides results.
            LOG.warn("Early-stopping decision for trial {} failed; it goes on: {}", r.number(), e.getMessage());
            return false;
        }
        if (stop && "RUNNING".equals(curves.get(r.number()).status())) {
            curves.put(r.number(), new TrialCurve("PRUNED", curves.get(r.number()).values()));
            stopped++;
            return true;
        }
        return false;
    }

    @Override
    public TuningState state() {
        return new TuningState(studyId, started, finished, running.size(), maxTrials, stopped);
    }
}
