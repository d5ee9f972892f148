package dev.hone.workflows.schedule;

import dev.hone.errors.ErrorCode;
import dev.hone.workflows.common.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;

/**
 * See {@link RetrainingScheduleWorkflow}. Its history grows by about thirty events per fire (measured: 1,473
 * for 50 hourly fires; the next time, the timer, the look at the previous run, the fire, the state written, and a
 * workflow task after each) and by a few per signal, and, while a fire is buffered, by a look at the run (every
 * {@link #POLL} for a quarter hour, then every {@link #SLOW_POLL}: about 150 events an hour of a long run); it
 * continues as new every {@value #FIRES_PER_RUN} fires or past {@value #MAX_HISTORY} events, far below the service's
 * 51,200.
 *
 * <p>Times are the workflow's own ({@link Workflow#currentTimeMillis()}); cron arithmetic is an activity, so that
 * the workflow stays deterministic whatever the time zone database says.
 */
public class RetrainingScheduleWorkflowImpl implements RetrainingScheduleWorkflow {

    static final int FIRES_PER_RUN = 100;
    static final int MAX_HISTORY = 10_000;
    /** How often a buffered fire looks at the run it waits for: first every minute, after a quarter hour less often. */
    static final Duration POLL = Duration.ofMinutes(1);
    static final Duration SLOW_POLL = Duration.ofMinutes(5);
    static final Duration FAST_POLLING = Duration.ofMinutes(15);

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

    private final ScheduleActivities activities = Workflow.newActivityStub(ScheduleActivities.class, CONTROL);

    private long scheduleId;
    private ScheduleSpec spec;
    private boolean paused;
    private Long lastFire;
    private Long running;
    private boolean buffered;
    /** When the buffered fire began waiting (workflow time), for the polling pace; not carried across runs. */
    private long bufferedSince;
    private Long next;
    private boolean deleted;
    /** Set by pause, resume and update: the next time is computed again. */
    private boolean changed;
    private int triggers;

    @Override
    public void run(ScheduleRequest r) {
        scheduleId = r.scheduleId();
        spec = r.spec();
        paused = r.paused();
        lastFire = r.lastFireMillis();
        running = r.runningRunId();
        buffered = r.buffered();
        catchUp();
        int fires = 0;
        while (!deleted) {
            if ((fires >= FIRES_PER_RUN || Workflow.getInfo().getHistoryLength() > MAX_HISTORY) && triggers == 0
                    && !changed) {
                Workflow.continueAsNew(new ScheduleRequest(scheduleId, spec, paused, lastFire, running, buffered));
            }
            changed = false;
            next = paused ? null : activities.nextFire(spec, Math.max(now(), lastFire == null ? 0 : lastFire));
            record();
            fires += awaitNext();
        }
        next = null;
        record();
    }

    /**
     * Sleeps to the next time and fires, handling triggers and a buffered fire meanwhile; returns early (after no
     * scheduled fire) when the schedule changed or was deleted. Returns how many fires it made.
     */
    private int awaitNext() {
        int fires = 0;
        Long planned = next;
        while (!deleted && !changed) {
            if (triggers > 0) {
                triggers--;
                fires += fire(FireCause.TRIGGER, now());
                record();
                continue;
            }
            if (buffered && !inFlight()) {
                buffered = false;
                fires += fire(FireCause.BUFFERED, now());
                record();
                continue;
            }
            long now = now();
            if (planned != null && now >= planned) {
                lastFire = planned;
                return fires + fire(FireCause.SCHEDULE, planned);
            }
            long wait = planned == null ? Long.MAX_VALUE : planned - now;
            if (buffered) {
                wait = Math.min(wait, (now - bufferedSince < FAST_POLLING.toMillis() ? POLL : SLOW_POLL).toMillis());
            }
            if (wait == Long.MAX_VALUE) {
                Workflow.await(() -> deleted || changed || triggers > 0);
            } else {
                Workflow.await(Duration.ofMillis(wait), () -> deleted || changed || triggers > 0);
            }
        }
        return fires;
    }

    /** Times missed while Hone was down (the workflow was not running): one run, or none, by the policy. */
    private void catchUp() {
        if (lastFire == null || paused) {
            return;
        }
        Long missed = activities.nextFire(spec, lastFire);
        long now = now();
        if (missed == null || missed >= now) {
            return;
        }
        if (spec.catchUp() == CatchUpPolicy.RUN_ONCE) {
            fire(FireCause.CATCH_UP, missed);
        } else {
            activities.skipped(new FireRequest(scheduleId, missed, FireCause.SCHEDULE), "Missed while Hone was down "
                    + "(this and any later time up to " + Instant.ofEpochMilli(now) + "); the schedule skips missed "
                    + "times");
        }
        lastFire = now;
    }

    /** Fires by the overlap policy; returns 1 when a run started, else 0. */
    private int fire(FireCause cause, long at) {
        FireRequest request = new FireRequest(scheduleId, at, cause);
        if (inFlight()) {
            switch (spec.overlap()) {
                case SKIP -> {
                    activities.skipped(request, "Run " + running + " was still in flight");
                    return 0;
                }
                case BUFFER_ONE -> {
                    if (buffered) {
                        activities.skipped(request, "Run " + running + " was still in flight, and a fire already "
                                + "waits for it to end");
                    } else {
                        buffered = true;
                        bufferedSince = now();
                    }
                    return 0;
                }
                case CANCEL_RUNNING -> activities.cancelRun(running, "Superseded by the schedule's fire at "
                        + Instant.ofEpochMilli(at));
            }
        }
        running = activities.fire(request);
        return running == null ? 0 : 1;
    }

    /** Whether the last run started may still be in flight (asked of the registry; forgotten once it ended). */
    private boolean inFlight() {
        if (running != null && !activities.inFlight(running)) {
            running = null;
        }
        return running != null;
    }

    private long now() {
        return Workflow.currentTimeMillis();
    }

    private void record() {
        activities.record(scheduleId, state());
    }

    @Override
    public ScheduleState state() {
        return new ScheduleState(deleted ? "DELETED" : paused ? "PAUSED" : "ACTIVE", spec, next, lastFire, running,
                buffered);
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
    public void update(ScheduleSpec newSpec, String by) {
        spec = newSpec;
        changed = true;
    }

    @Override
    public void trigger(String by) {
        triggers++;
    }

    @Override
    public void delete(String by) {
        deleted = true;
    }
}
