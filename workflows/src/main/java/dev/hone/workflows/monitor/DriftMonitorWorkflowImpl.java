package dev.hone.workflows.monitor;

import dev.hone.errors.ErrorCode;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.schedule.RetrainingScheduleWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * See {@link DriftMonitorWorkflow}. Each check costs about seventeen history events (the timer, the check, the state
 * written, their workflow tasks); it continues as new every {@value #CHECKS_PER_RUN} checks or past
 * {@value #MAX_HISTORY} events, far below the service's 51,200. The run of breaches and the last alarm travel in the
 * request, so neither a continue-as-new nor a restart from the registry forgets a cool-down.
 */
public class DriftMonitorWorkflowImpl implements DriftMonitorWorkflow {

    static final int CHECKS_PER_RUN = 500;
    static final int MAX_HISTORY = 10_000;

    static final ActivityOptions CONTROL = ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.CONTROL)
            .setStartToCloseTimeout(Duration.ofSeconds(60))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(1))
                    .setBackoffCoefficient(2.0)
                    .setMaximumInterval(Duration.ofMinutes(1))
                    .setMaximumAttempts(30)
                    .setDoNotRetry(ErrorCode.nonRetryable())
                    .build())
            .build();

    private final MonitorActivities activities = Workflow.newActivityStub(MonitorActivities.class, CONTROL);

    private long monitorId;
    private MonitorSpec spec;
    private boolean paused;
    private int breaches;
    private Long lastAlarm;
    private Long lastCheck;
    private Long next;
    private boolean deleted;
    /** Set by pause, resume and update: the next check is planned again. */
    private boolean changed;
    private boolean checkRequested;

    @Override
    public void run(MonitorRequest r) {
        monitorId = r.monitorId();
        spec = r.spec();
        paused = r.paused();
        breaches = r.breaches();
        lastAlarm = r.lastAlarmMillis();
        int checks = 0;
        while (!deleted) {
            if ((checks >= CHECKS_PER_RUN || Workflow.getInfo().getHistoryLength() > MAX_HISTORY) && !changed
                    && !checkRequested) {
                Workflow.continueAsNew(new MonitorRequest(monitorId, spec, paused, breaches, lastAlarm));
            }
            changed = false;
            next = paused ? null : now() + spec.checkSeconds() * 1000;
            record();
            if (next == null) {
                Workflow.await(() -> deleted || changed || checkRequested);
            } else {
                Workflow.await(Duration.ofMillis(next - now()), () -> deleted || changed || checkRequested);
            }
            if (deleted || (changed && !checkRequested)) {
                continue;
            }
            checkRequested = false;
            check();
            checks++;
        }
        next = null;
        record();
    }

    /** One check, and the alarm when breaches have held long enough and the cool-down is over. */
    private void check() {
        long at = now();
        DriftCheck c = activities.check(monitorId, at);
        lastCheck = at;
        switch (c.verdict()) {
            case WITHIN -> breaches = 0;
            case BREACHED -> breaches++;
            case INCONCLUSIVE -> {
                // too little traffic to say: the run of breaches neither grows nor breaks
            }
        }
        if (c.verdict() != DriftVerdict.BREACHED || breaches < spec.debounceChecks()) {
            return;
        }
        long coolUntil = lastAlarm == null ? Long.MIN_VALUE : lastAlarm + spec.cooldownSeconds() * 1000;
        if (at < coolUntil) {
            activities.noteAlarm(c.checkId(), false, breaches + " checks in a row breached, but the last alarm was "
                    + "at " + Instant.ofEpochMilli(lastAlarm) + ": no alarm before " + Instant.ofEpochMilli(coolUntil)
                    + " (cool-down)");
            return;
        }
        String note;
        boolean sent;
        try {
            Workflow.newExternalWorkflowStub(RetrainingScheduleWorkflow.class,
                    RetrainingScheduleWorkflow.workflowId(spec.scheduleId())).drift(c.checkId(), "drift monitor "
                    + monitorId);
            note = breaches + " checks in a row breached: retraining asked of schedule " + spec.scheduleId();
            sent = true;
        } catch (ApplicationFailure | SignalExternalWorkflowException gone) {
            // The SDK reports a signal to a workflow that is not running as either, by version.
            note = breaches + " checks in a row breached, but schedule " + spec.scheduleId() + " has no running "
                    + "workflow (deleted?): no retraining started";
            sent = false;
        }
        lastAlarm = at;
        breaches = 0;
        activities.noteAlarm(c.checkId(), sent, note);
    }

    private long now() {
        return Workflow.currentTimeMillis();
    }

    private void record() {
        activities.record(monitorId, state());
    }

    @Override
    public MonitorState state() {
        return new MonitorState(deleted ? "DELETED" : paused ? "PAUSED" : "ACTIVE", spec, breaches, lastAlarm,
                lastCheck, next);
    }

    @Override
    public void pause(String by) {
        paused = true;
        changed = true;
    }

    @Override
    public void resume(String by) {
        paused = false;
        changed = true;
    }

    @Override
    public void update(MonitorSpec newSpec, String by) {
        spec = newSpec;
        changed = true;
    }

    @Override
    public void checkNow(String by) {
        checkRequested = true;
    }

    @Override
    public void delete(String by) {
        deleted = true;
    }
}
