package dev.hone.activities.schedule;

import dev.hone.activities.pipeline.Failures;
import dev.hone.errors.HoneException;
import dev.hone.registry.common.Json;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.schedule.Schedule;
import dev.hone.registry.schedule.ScheduleFire;
import dev.hone.registry.schedule.ScheduleService;
import dev.hone.runs.RunLauncher;
import dev.hone.runs.RunRequest;
import dev.hone.runs.ScheduleCalendar;
import dev.hone.runs.WorkflowServiceUnavailableException;
import dev.hone.workflows.schedule.FireRequest;
import dev.hone.workflows.schedule.ScheduleActivities;
import dev.hone.workflows.schedule.ScheduleSpec;
import dev.hone.workflows.schedule.ScheduleState;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * The registry and run side of a schedule. A fire is idempotent: its row (one per schedule, time and cause) is
 * written before its run, and the run records the fire, so a retry after a crash at any point finds the run the
 * first attempt made, or makes the one it did not. The run is started as the schedule's creator's.
 */
@ApplicationScoped
public class ScheduleActivitiesImpl implements ScheduleActivities {

    private final ScheduleService schedules;
    private final RunService runs;
    private final RunLauncher launcher;

    public ScheduleActivitiesImpl(ScheduleService schedules, RunService runs, RunLauncher launcher) {
        this.schedules = schedules;
        this.runs = runs;
        this.launcher = launcher;
    }

    @Override
    public Long nextFire(ScheduleSpec spec, long afterMillis) {
        return Failures.classify(() -> ScheduleCalendar.next(spec, afterMillis));
    }

    @Override
    public Long fire(FireRequest r) {
        return Failures.classify(() -> {
            Schedule s = schedules.get(r.scheduleId());
            ScheduleFire f = schedules.beginFire(r.scheduleId(), Instant.ofEpochMilli(r.fireMillis()),
                    r.cause().name());
            if (!ScheduleFire.STARTING.equals(f.outcome)) {
                return f.runId; // a retry: the first attempt ended the fire
            }
            Optional<Run> made = runs.ofScheduleFire(f.id);
            if (made.isPresent()) {
                schedules.endFire(f.id, ScheduleFire.STARTED, made.get().id, null);
                return made.get().id;
            }
            try {
                Run run = launcher.start(Json.read(s.runRequestJson, RunRequest.class), s.createdBy, f.id);
                schedules.endFire(f.id, ScheduleFire.STARTED, run.id, null);
                return run.id;
            } catch (WorkflowServiceUnavailableException e) {
                Long runId = runs.ofScheduleFire(f.id).map(run -> run.id).orElse(null);
                schedules.endFire(f.id, ScheduleFire.FAILED, runId, e.getMessage());
                return null;
            } catch (HoneException e) {
                if (e.code().retryable()) {
                    throw e;
                }
                // The run request no longer holds (its data set deleted, a column gone): recorded, not retried.
                Log.warnf("Schedule '%s' fired at %s but started no run: %s", s.name,
                        Instant.ofEpochMilli(r.fireMillis()), e.getMessage());
                schedules.endFire(f.id, ScheduleFire.FAILED, null, e.getMessage());
                return null;
            }
        });
    }

    @Override
    public void skipped(FireRequest r, String reason) {
        Failures.classify(() -> schedules.skipped(r.scheduleId(), Instant.ofEpochMilli(r.fireMillis()),
                r.cause().name(), reason));
    }

    @Override
    public boolean inFlight(long runId) {
        return Failures.classify(() -> !runs.get(runId).status.isFinal());
    }

    @Override
    public void cancelRun(long runId, String reason) {
        Failures.classify(() -> {
            if (!runs.get(runId).status.isFinal()) {
                try {
                    launcher.cancel(runId);
                    Log.infof("Run %d cancelled: %s", runId, reason);
                } catch (HoneException e) {
                    if (runs.get(runId).status.isFinal()) {
                        return; // it ended meanwhile
                    }
                    throw e;
                }
            }
        });
    }

    @Override
    public void record(long scheduleId, ScheduleState state) {
        Failures.classify(() -> schedules.recordState(scheduleId, state.status(),
                state.nextFireMillis() == null ? null : Instant.ofEpochMilli(state.nextFireMillis()),
                state.lastFireMillis() == null ? null : Instant.ofEpochMilli(state.lastFireMillis())));
    }
}
