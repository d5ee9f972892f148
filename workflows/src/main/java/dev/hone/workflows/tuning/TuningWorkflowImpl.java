package dev.hone.workflows.tuning;

import dev.hone.workflows.common.FailureType;
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
 * Temporal retries elsewhere; finished trials are in the history and never run again. Running
 * trials report each epoch's objective value through the {@code report} update; the workflow keeps
 * every trial's curve and answers with its early-stopping decision, so each stop is a recorded
 * decision of the study and a stopped trial ends (and frees its worker) as soon as it gets it.
 */
public class TuningWorkflowImpl implements TuningWorkflow {

    static final ActivityOptions CONTROL = ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.CONTROL)
            .setStartToCloseTimeout(Duration.ofSeconds(60))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setMaximumAttempts(20)
                    .setDoNotRetry(FailureType.nonRetryable())
                    .build())
            .build();

    static final ActivityOptions TRIAL = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofHours(6))
            .setHeartbeatTimeout(Duration.ofSeconds(20))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2.0)
                    .setMaximumAttempts(3)
                    .setDoNotRetry(FailureType.nonRetryable())
                    .build())
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .build();

    static final LocalActivityOptions DECIDE = LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
            .build();

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

    @Override
    public TuningResult run(TuningRequest request) {
        consistentEnd = Workflow.getVersion("consistent-end", Workflow.DEFAULT_VERSION, 1) == 1;
        ActivityOptions.Builder trialOptions = ActivityOptions.newBuilder(TRIAL)
                .setTaskQueue(TaskQueues.computeQueue(request.device()));
        if (consistentEnd) {
            trialOptions.setCancellationType(ActivityCancellationType.ABANDON);
        }
        TrialActivities trials = Workflow.newActivityStub(TrialActivities.class, trialOptions.build());
        spec = request.spec();
        maxTrials = spec.maxTrials();
        int parallelism = Math.max(1, request.spec().parallelism());
        studyId = control(() -> tuning.createStudy(request));
        while (started < maxTrials || !running.isEmpty()) {
            while (running.size() < parallelism && started < maxTrials) {
                int number = started++;
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
        // A report may still be deciding for a trial that has just ended.
        Workflow.await(Workflow::isEveryHandlerFinished);
        return control(() -> tuning.finish(studyId));
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
        if (!running.containsKey(report.number())) {
            throw new IllegalStateException("Trial " + report.number() + " is not running in this study");
        }
        if (report.epoch() < 1) {
            throw new IllegalArgumentException("Epochs count from 1, got " + report.epoch());
        }
    }

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
                    + " after epoch " + values.size(), FailureType.INVALID_INPUT.name());
        }
        values.add(r.value());
        curves.put(r.number(), new TrialCurve("RUNNING", List.copyOf(values)));
        if ("NONE".equalsIgnoreCase(spec.pruner())) {
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
