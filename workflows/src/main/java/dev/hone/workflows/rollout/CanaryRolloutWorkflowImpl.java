package dev.hone.workflows.rollout;

import dev.hone.errors.ErrorCode;
import dev.hone.workflows.common.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** See {@link CanaryRolloutWorkflow}. Its history grows by a few events per step and per signal. */
public class CanaryRolloutWorkflowImpl implements CanaryRolloutWorkflow {

    static final ActivityOptions CONTROL = ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.CONTROL)
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2.0)
                    .setMaximumInterval(Duration.ofSeconds(30))
                    .setMaximumAttempts(20)
                    .setDoNotRetry(ErrorCode.nonRetryable())
                    .build())
            .build();

    private final RolloutActivities activities = Workflow.newActivityStub(RolloutActivities.class, CONTROL);

    private RolloutRequest request;
    private String status = "RUNNING";
    private int step;
    private double percent;
    private final List<RolloutState.StepRecord> records = new ArrayList<>();
    private String reason;
    private boolean paused;
    private boolean promoteRequested;
    private String promotedBy;
    private boolean abortRequested;
    private String abortedBy;
    private String abortReason;

    @Override
    public RolloutState run(RolloutRequest r) {
        request = r;
        try {
            for (step = 0; step < r.steps().size(); step++) {
                RolloutStep s = r.steps().get(step);
                percent = s.percent();
                activities.setShare(r.deployment(), r.canaryVersion(), percent, r.sticky(), r.startedBy());
                record();
                for (int waits = 0; ; waits++) {
                    long since = Workflow.currentTimeMillis();
                    awaitStep(s.pauseSeconds());
                    if (abortRequested || promoteRequested) {
                        return abortRequested ? abort() : promote();
                    }
                    Analysis a = activities.analyse(new AnalyseRequest(r.deployment(), r.canaryVersionId(),
                            r.stableVersionId(), since, r.policy()));
                    records.add(new RolloutState.StepRecord(step, percent, since, a));
                    if (a.passed()) {
                        break;
                    }
                    if (a.conclusive() || waits >= r.policy().maxWaits()) {
                        return rollBack("ROLLED_BACK", String.format(Locale.ROOT, "Step %d at %s%%: %s", step + 1,
                                share(percent), String.join("; ", a.reasons())));
                    }
                    record();
                }
            }
            if (r.policy().requireApproval() && !promoteRequested) {
                status = "AWAITING_APPROVAL";
                record();
                Workflow.await(() -> promoteRequested || abortRequested);
                if (abortRequested) {
                    return abort();
                }
            }
            return promote();
        } catch (CanceledFailure cancelled) {
            Workflow.newDetachedCancellationScope(() -> rollBack("ABORTED", "The rollout's workflow was cancelled"))
                    .run();
            throw cancelled;
        } catch (ActivityFailure failed) {
            // A step the registry refused (the canary was rejected meanwhile, the deployment deleted, ...).
            return rollBack("FAILED", "Step " + (step + 1) + " failed: " + rootMessage(failed));
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root instanceof ApplicationFailure a ? a.getOriginalMessage() : root.getMessage();
    }

    /** Waits out a step's pause (longer by the time it was paused); returns early on promote or abort. */
    private void awaitStep(long seconds) {
        long deadline = Workflow.currentTimeMillis() + seconds * 1000;
        while (!promoteRequested && !abortRequested) {
            if (paused) {
                status = "PAUSED";
                record();
                long pausedAt = Workflow.currentTimeMillis();
                Workflow.await(() -> !paused || promoteRequested || abortRequested);
                deadline += Workflow.currentTimeMillis() - pausedAt;
                status = "RUNNING";
                record();
                continue;
            }
            long left = deadline - Workflow.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            Workflow.await(Duration.ofMillis(left), () -> paused || promoteRequested || abortRequested);
        }
    }

    private RolloutState promote() {
        activities.promote(request.deployment(), request.canaryVersionId(),
                promotedBy != null ? promotedBy : request.startedBy());
        percent = 100;
        return end("PROMOTED", promotedBy == null ? "Every step passed its analysis"
                : "Promoted by " + promotedBy + (step < request.steps().size() ? " at step " + (step + 1) : ""));
    }

    private RolloutState abort() {
        return rollBack("ABORTED", "Aborted by " + abortedBy + (abortReason == null || abortReason.isBlank() ? ""
                : ": " + abortReason));
    }

    private RolloutState rollBack(String endStatus, String why) {
        activities.rollBack(request.deployment(), request.canaryVersionId(),
                abortedBy != null ? abortedBy : request.startedBy());
        percent = 0;
        return end(endStatus, why);
    }

    private RolloutState end(String endStatus, String why) {
        status = endStatus;
        reason = why;
        record();
        return state();
    }

    private void record() {
        activities.record(request.rolloutId(), state());
    }

    private static String share(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }

    @Override
    public RolloutState state() {
        return new RolloutState(status, step, percent, request == null ? List.of() : request.steps(),
                List.copyOf(records), reason);
    }

    @Override
    public void pause(String by) {
        paused = true;
    }

    @Override
    public void resume(String by) {
        paused = false;
    }

    @Override
    public void promote(String by) {
        promoteRequested = true;
        promotedBy = by;
    }

    @Override
    public void abort(String by, String why) {
        abortRequested = true;
        abortedBy = by;
        abortReason = why;
    }
}
