package dev.hone.workflows.schedule;

import dev.hone.errors.ErrorCode;
import dev.hone.workflows.common.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * See {@link RetrainingScheduleWorkflow}. Its history grows by about thirty events per fire (measured: 1,473
 * for 50 hourly fires; the next time, the timer, the look at the previous run, the fire, the state written, and a
 * workflow task after each) and by a few per signal, and, while it waits for a run (a buffered fire, a run to
 * roll out), by looks at the run that grow from {@link #FIRST_POLL} to {@link #MAX_POLL} apart (about 130 events an
 * hour of a long run); it continues as new every {@value #FIRES_PER_RUN} fires or past {@value #MAX_HISTORY} events,
 * far below the service's 51,200.
 *
 * <p>Times are the workflow's own ({@link Workflow#currentTimeMillis()}); cron arithmetic is an activity, so that
 * the workflow stays deterministic whatever the time zone database says.
 */
public class RetrainingScheduleWorkflowImpl implements RetrainingScheduleWorkflow {

    static final int FIRES_PER_RUN = 100;
    static final int MAX_HISTORY = 10_000;
    /**
     * How often the workflow looks at a run it waits for (a buffered fire, a run to roll out): as long again as it
     * has waited, from {@link #FIRST_POLL} up to {@link #MAX_POLL}, so a short run is seen ending within seconds and a
     * long one costs a look every five minutes.
     */
    static final Duration FIRST_POLL = Duration.ofSeconds(5);
    static final Duration MAX_POLL = Duration.ofMinutes(5);

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
    /** The run whose end is awaited to roll its version out (a spec with a deployment), or null. */
    private Long following;
    private long followingSince;
    private Long next;
    private boolean deleted;
    /** Set by pause, resume and update: the next time is computed again. */
    private boolean changed;
    private int triggers;
    /** Drift monitors' checks that raised an alarm, not yet fired for. */
    private final Deque<Long> drifts = new ArrayDeque<>();
    /** The newest data set version not fired for yet (it waits for the minimum interval), or null. */
    private Integer pendingData;
    private Long lastDataFire;
    /** Set by a new data version, so that a wait ends to look at it. */
    private boolean dataArrived;

    @Override
    public void run(ScheduleRequest r) {
        scheduleId = r.scheduleId();
        spec = r.spec();
        paused = r.paused();
        lastFire = r.lastFireMillis();
        running = r.runningRunId();
        buffered = r.buffered();
        following = r.followingRunId();
        followingSince = now();
        lastDataFire = r.lastDataFireMillis();
        pendingData = r.pendingDataVersion();
        catchUp();
        int fires = 0;
        while (!deleted) {
            if ((fires >= FIRES_PER_RUN || Workflow.getInfo().getHistoryLength() > MAX_HISTORY) && triggers == 0
                    && drifts.isEmpty() && !changed) {
                Workflow.continueAsNew(new ScheduleRequest(scheduleId, spec, paused, lastFire, running, buffered,
                        following, lastDataFire, pendingData));
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
            dataArrived = false;
            if (triggers > 0) {
                triggers--;
                fires += fire(FireCause.TRIGGER, now());
                record();
                continue;
            }
            if (!drifts.isEmpty()) {
                FireRequest alarm = new FireRequest(scheduleId, now(), FireCause.DRIFT, drifts.removeFirst());
                if (paused) {
                    activities.skipped(alarm, "A drift monitor raised an alarm (check " + alarm.driftCheckId()
                            + ") while the schedule was paused");
                } else {
                    fires += fire(alarm);
                }
                record();
                continue;
            }
            if (pendingData != null && now() >= dataDue()) {
                FireRequest data = new FireRequest(scheduleId, now(), FireCause.DATA);
                int version = pendingData;
                pendingData = null;
                lastDataFire = now();
                if (paused) {
                    activities.skipped(data, "Version " + version + " of the data set arrived while the schedule "
                            + "was paused");
                } else {
                    fires += fire(data);
                }
                record();
                continue;
            }
            if (following != null && !activities.inFlight(following)) {
                activities.afterRun(scheduleId, following);
                following = null;
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
                wait = Math.min(wait, poll(now - bufferedSince));
            }
            if (following != null) {
                wait = Math.min(wait, poll(now - followingSince));
            }
            if (pendingData != null) {
                wait = Math.min(wait, dataDue() - now);
            }
            if (wait == Long.MAX_VALUE) {
                Workflow.await(this::signalled);
            } else {
                Workflow.await(Duration.ofMillis(wait), this::signalled);
            }
        }
        return fires;
    }

    private boolean signalled() {
        return deleted || changed || triggers > 0 || !drifts.isEmpty() || dataArrived;
    }

    /** When a new data set version may fire: the minimum interval after the last data fire. */
    private long dataDue() {
        long interval = spec.newDataMinIntervalSeconds() == null ? 0 : spec.newDataMinIntervalSeconds() * 1000;
        return lastDataFire == null ? Long.MIN_VALUE : lastDataFire + interval;
    }

    /** How long to wait before looking at a run again, after waiting {@code waited} ms for it. */
    private static long poll(long waited) {
        return Math.min(MAX_POLL.toMillis(), Math.max(FIRST_POLL.toMillis(), waited));
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

    private int fire(FireCause cause, long at) {
        return fire(new FireRequest(scheduleId, at, cause));
    }

    /** Fires by the overlap policy; returns 1 when a run started, else 0. */
    private int fire(FireRequest request) {
        long at = request.fireMillis();
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
        if (following != null) {
            // A run still followed when the next one starts (CANCEL_RUNNING, or a trigger): settle it first.
            activities.afterRun(scheduleId, following);
            following = null;
        }
        running = activities.fire(request);
        if (running != null && spec.deployment() != null) {
            following = running;
            followingSince = now();
        }
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
        if (newSpec.newDataMinIntervalSeconds() == null) {
            pendingData = null;
        }
        changed = true;
    }

    @Override
    public void trigger(String by) {
        triggers++;
    }

    @Override
    public void drift(long driftCheckId, String by) {
        drifts.addLast(driftCheckId);
    }

    @Override
    public void newData(int datasetVersion, String by) {
        if (spec.newDataMinIntervalSeconds() != null) {
            pendingData = datasetVersion;
            dataArrived = true;
        }
    }

    @Override
    public void delete(String by) {
        deleted = true;
    }
}
