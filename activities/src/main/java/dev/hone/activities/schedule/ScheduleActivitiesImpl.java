package dev.hone.activities.schedule;

import dev.hone.activities.pipeline.Failures;
import dev.hone.errors.HoneException;
import dev.hone.registry.common.Json;
import dev.hone.registry.deploy.Rollout;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.registry.schedule.Schedule;
import dev.hone.registry.schedule.ScheduleFire;
import dev.hone.registry.schedule.ScheduleService;
import dev.hone.runs.RunLauncher;
import dev.hone.runs.RolloutLauncher;
import dev.hone.runs.RunRequest;
import dev.hone.runs.ScheduleCalendar;
import dev.hone.runs.WorkflowServiceUnavailableException;
import dev.hone.workflows.rollout.RolloutPolicy;
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
 * first attempt made, or makes the one it did not. The run is started as the schedule's creator's, and so is the
 * canary rollout that follows a run whose version passed its validation gate (when the schedule names a deployment;
 * promotion still waits for an approver other than the creator, under the default rollout policy).
 */
@ApplicationScoped
public class ScheduleActivitiesImpl implements ScheduleActivities {

    private final ScheduleService schedules;
    private final RunService runs;
    private final RunLauncher launcher;
    private final ModelRegistryService registry;
    private final RolloutLauncher rollouts;

    public ScheduleActivitiesImpl(ScheduleService schedules, RunService runs, RunLauncher launcher,
            ModelRegistryService registry, RolloutLauncher rollouts) {
        this.schedules = schedules;
        this.runs = runs;
        this.launcher = launcher;
        this.registry = registry;
        this.rollouts = rollouts;
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
                    r.cause().name(), r.driftCheckId());
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
                r.cause().name(), r.driftCheckId(), reason));
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
    public String afterRun(long scheduleId, long runId) {
        return Failures.classify(() -> {
            Schedule s = schedules.get(scheduleId);
            Optional<ScheduleFire> fire = schedules.fireOfRun(runId);
            if (fire.isEmpty()) {
                return "Run " + runId + " was not started by schedule '" + s.name + "'";
            }
            if (fire.get().followUp != null) {
                return fire.get().followUp; // a retry: the first attempt recorded it
            }
            Long rolloutId = null;
            String what;
            Run run = runs.get(runId);
            if (s.deployment == null) {
                what = "No rollout: the schedule names no deployment";
            } else if (run.status != RunStatus.SUCCEEDED || run.modelVersionId == null) {
                what = "No rollout on '" + s.deployment + "': the run " + (run.status.isFinal() ? "ended " : "was ")
                        + run.status;
            } else {
                ModelVersion v = registry.versionById(run.modelVersionId);
                String refusal = v.servingRefusal();
                if (refusal != null) {
                    what = "No rollout on '" + s.deployment + "', which keeps its versions: " + refusal;
                } else {
                    try {
                        Rollout r = rollouts.start(s.deployment, v.version, RolloutLauncher.DEFAULT_STEPS, false,
                                RolloutPolicy.DEFAULT, s.createdBy);
                        rolloutId = r.id;
                        what = "Rollout " + r.id + " of version " + v.version + " started on '" + s.deployment + "'";
                    } catch (HoneException e) {
                        if (e.code().retryable()) {
                            throw e;
                        }
                        what = "No rollout on '" + s.deployment + "': " + e.getMessage();
                    }
                }
            }
            Log.infof("Schedule '%s', run %d: %s", s.name, runId, what);
            schedules.followUp(fire.get().id, rolloutId, what);
            return what;
        });
    }

    @Override
    public void record(long scheduleId, ScheduleState state) {
        Failures.classify(() -> schedules.recordState(scheduleId, state.status(),
                state.nextFireMillis() == null ? null : Instant.ofEpochMilli(state.nextFireMillis()),
                state.lastFireMillis() == null ? null : Instant.ofEpochMilli(state.lastFireMillis())));
    }
}
