package dev.hone.workflows.tuning;

import dev.hone.workflows.common.FailureType;
import dev.hone.workflows.common.TaskQueues;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a study. Trials are activities, so a crashed worker loses only its running trial, which
 * Temporal retries elsewhere; finished trials are in the history and never run again.
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

    private final TuningActivities tuning = Workflow.newActivityStub(TuningActivities.class, CONTROL);

    private long studyId;
    private int started;
    private int finished;
    private int maxTrials;
    private final Map<Integer, Promise<TrialOutcome>> running = new LinkedHashMap<>();

    @Override
    public TuningResult run(TuningRequest request) {
        TrialActivities trials = Workflow.newActivityStub(TrialActivities.class, ActivityOptions.newBuilder(TRIAL)
                .setTaskQueue(TaskQueues.computeQueue(request.device())).build());
        maxTrials = request.spec().maxTrials();
        int parallelism = Math.max(1, request.spec().parallelism());
        studyId = tuning.createStudy(request);
        while (started < maxTrials || !running.isEmpty()) {
            while (running.size() < parallelism && started < maxTrials) {
                int number = started++;
                TrialProposal proposal = tuning.propose(studyId, number);
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
                        entry.getValue().get();
                    } catch (ActivityFailure e) {
                        if (e.getCause() instanceof CanceledFailure cancelled) {
                            throw cancelled;
                        }
                        String reason = e.getCause() instanceof ApplicationFailure app ? app.getOriginalMessage()
                                : String.valueOf(e.getCause().getMessage());
                        tuning.trialFailed(studyId, entry.getKey(), reason);
                    }
                }
            }
        }
        return tuning.finish(studyId);
    }

    @Override
    public TuningState state() {
        return new TuningState(studyId, started, finished, running.size(), maxTrials);
    }
}
