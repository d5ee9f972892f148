package dev.hone.api.graphql;

import dev.hone.api.error.ForbiddenError;
import dev.hone.api.graphql.Inputs.StartRunInput;
import dev.hone.api.runtime.Limits;
import dev.hone.api.runtime.ScheduleWorkflows;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.Json;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.deploy.DeploymentService;
import dev.hone.registry.schedule.Schedule;
import dev.hone.registry.schedule.ScheduleFire;
import dev.hone.registry.schedule.ScheduleService;
import dev.hone.runs.RunLauncher;
import dev.hone.runs.RunRequest;
import dev.hone.runs.RunRules;
import dev.hone.runs.ScheduleCalendar;
import dev.hone.runs.WorkflowServiceUnavailableException;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.security.roles.RoleMatrix;
import dev.hone.workflows.schedule.CatchUpPolicy;
import dev.hone.workflows.schedule.FireCause;
import dev.hone.workflows.schedule.OverlapPolicy;
import dev.hone.workflows.schedule.RetrainingScheduleWorkflow;
import dev.hone.workflows.schedule.ScheduleSpec;
import io.quarkus.security.identity.SecurityIdentity;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/**
 * Retraining schedules: each starts the same run (a run request, checked when the schedule is made) at the times
 * of a cron expression in a time zone or of a fixed interval, as one durable workflow
 * ({@code RetrainingScheduleWorkflow}); every fire is recorded with the run it started, or why it started none.
 */
@GraphQLApi
@ApplicationScoped
public class ScheduleGraphQL {

    /** Fire times a schedule view may list at once. */
    static final int MAX_NEXT = 50;
    /** Fires a schedule view may list at once. */
    static final int MAX_FIRES = 200;

    private final ScheduleService schedules;
    private final RunLauncher launcher;
    private final WorkflowClient client;
    private final SecurityIdentity identity;
    private final Limits limits;
    private final DeploymentService deployments;

    public ScheduleGraphQL(ScheduleService schedules, RunLauncher launcher, WorkflowClient client,
            SecurityIdentity identity, Limits limits, DeploymentService deployments) {
        this.deployments = deployments;
        this.schedules = schedules;
        this.launcher = launcher;
        this.client = client;
        this.identity = identity;
        this.limits = limits;
    }

    @Name("ScheduleInput")
    @Description("When a schedule fires: a cron expression (five Unix fields) read in a time zone, or an interval")
    public static class ScheduleInput {
        @Description("Minute, hour, day of month, month, day of week, e.g. '0 2 * * 1-5' (02:00 on weekdays)")
        public String cron;
        @Description("Seconds between fires (at the multiples of the interval since 1970-01-01T00:00Z), instead of "
                + "cron")
        public Long intervalSeconds;
        @Description("The time zone cron is read in, an IANA name (default UTC)")
        public String zone;
        @Description("What a fire does while the previous run is in flight (default SKIP)")
        public OverlapPolicy overlap;
        @Description("What the schedule does about times missed while Hone was down (default SKIP_MISSED)")
        public CatchUpPolicy catchUp;
        @Description("When set, a new version of the run's data set also fires the schedule, at most once in this "
                + "many seconds (0: every new version; uploads meanwhile are taken by one fire at the end of the "
                + "interval); the run request must then not name a data set version")
        public Long newDataMinIntervalSeconds;
    }

    @Name("Schedule")
    @Description("A retraining schedule")
    public record ScheduleView(@Id long id, @NonNull String name,
            @Description("ACTIVE or PAUSED") @NonNull String status, String cron, Long intervalSeconds,
            @NonNull String zone, @NonNull OverlapPolicy overlap, @NonNull CatchUpPolicy catchUp,
            @Description("The run request each fire starts, as JSON") @NonNull String run,
            @NonNull String dataset, @NonNull String target,
            @Description("The deployment each successful run's new version is rolled out on as a canary (when it "
                    + "passed its validation gate); null for none") String deployment,
            @Description("When set, new versions of the data set fire the schedule, at most once in this many "
                    + "seconds") Long newDataMinIntervalSeconds,
            Instant nextFireAt, Instant lastFireAt,
            @NonNull String createdBy, @NonNull Instant createdAt, @NonNull String updatedBy,
            @NonNull Instant updatedAt) {

        static ScheduleView of(Schedule s) {
            RunRequest r = Json.read(s.runRequestJson, RunRequest.class);
            return new ScheduleView(s.id, s.name, s.status, s.cron, s.intervalSeconds, s.zone,
                    OverlapPolicy.valueOf(s.overlap), CatchUpPolicy.valueOf(s.catchUp), s.runRequestJson, r.dataset(),
                    r.target(), s.deployment, s.newDataMinIntervalSeconds, s.nextFireAt, s.lastFireAt, s.createdBy,
                    s.createdAt, s.updatedBy, s.updatedAt);
        }
    }

    @Name("ScheduleFire")
    @Description("One fire of a schedule: the run it started, or why it started none")
    public record FireView(@NonNull Instant fireTime, @NonNull FireCause cause,
            @Description("STARTING, STARTED, SKIPPED or FAILED") @NonNull String outcome, Long runId,
            String reason, @NonNull Instant recordedAt,
            @Description("The canary rollout of the run's version, when one followed it") Long rolloutId,
            @Description("What followed the run once it ended (a rollout, or why none); null before, and for a "
                    + "schedule without a deployment") String followUp,
            @Description("For a DRIFT fire, the drift check that raised the alarm (driftCheck(id) has its evidence)")
            Long driftCheckId) {

        static FireView of(ScheduleFire f) {
            return new FireView(f.fireTime, FireCause.valueOf(f.cause), f.outcome, f.runId, f.reason, f.recordedAt,
                    f.rolloutId, f.followUp, f.driftCheckId);
        }
    }

    @Query("schedules")
    @Description("Every schedule, by name")
    @RequiresPermission(Permission.READ)
    public @NonNull List<@NonNull ScheduleView> list() {
        return schedules.list().stream().map(ScheduleView::of).toList();
    }

    @Query("schedule")
    @Description("One schedule by name")
    @RequiresPermission(Permission.READ)
    public @NonNull ScheduleView schedule(@NonNull String name) {
        return ScheduleView.of(schedules.find(name));
    }

    @Description("The schedule's next fire times (none while paused)")
    public List<@NonNull List<@NonNull Instant>> nextFireTimes(@Source List<ScheduleView> of,
            @DefaultValue("5") int count) {
        if (count < 1 || count > MAX_NEXT) {
            throw new InvalidInputException("count must be 1 to " + MAX_NEXT + "; got " + count);
        }
        Instant now = Instant.now();
        return of.stream().map(v -> Schedule.PAUSED.equals(v.status()) ? List.<Instant>of()
                : ScheduleCalendar.next(new ScheduleSpec(v.cron(), v.intervalSeconds(), v.zone(), v.overlap(),
                        v.catchUp()), now, count)).toList();
    }

    @Description("The schedule's fires, newest first")
    public List<@NonNull List<@NonNull FireView>> fires(@Source List<ScheduleView> of,
            @DefaultValue("20") int limit) {
        if (limit < 1 || limit > MAX_FIRES) {
            throw new InvalidInputException("limit must be 1 to " + MAX_FIRES + "; got " + limit);
        }
        Map<Long, List<ScheduleFire>> fires = schedules.fires(of.stream().map(ScheduleView::id).toList(), limit);
        return of.stream().map(v -> fires.getOrDefault(v.id(), List.of()).stream().map(FireView::of).toList())
                .toList();
    }

    @Name("RunScheduleFire")
    @Description("The schedule fire that started a run")
    public record RunFireView(@NonNull String schedule, @NonNull Instant fireTime, @NonNull FireCause cause) {
    }

    @Description("The schedule fire that started the run; null for a run started otherwise")
    public List<RunFireView> scheduledBy(@Source List<Types.RunView> runs) {
        Map<Long, ScheduleFire> fires = schedules.firesOfRuns(runs.stream().map(Types.RunView::id).toList());
        Map<Long, Schedule> owners = schedules.byIds(fires.values().stream().map(f -> f.scheduleId).distinct()
                .toList());
        return runs.stream().map(r -> {
            ScheduleFire f = fires.get(r.id());
            return f == null ? null : new RunFireView(owners.get(f.scheduleId).name, f.fireTime,
                    FireCause.valueOf(f.cause));
        }).toList();
    }

    @Mutation("createSchedule")
    @Description("Makes a schedule that starts the run at the times given; the run request is checked now as "
            + "startRun checks it, and the data set's latest version is taken at each fire unless it names one. With a "
            + "deployment (of the run's model), each run whose new version passes its validation gate is followed by "
            + "a canary rollout of that version on it (default steps and policy; promotion waits for an approver)")
    @RequiresPermission(Permission.RUN)
    public @NonNull ScheduleView create(@NonNull String name, @NonNull StartRunInput run,
            @NonNull ScheduleInput when, String deployment) {
        ScheduleService.Definition d = definition(RunGraphQL.request(run), when, deployment, null);
        Schedule s = schedules.create(name, d, user());
        try {
            ScheduleWorkflows.start(client, schedules, s);
        } catch (WorkflowServiceException | StatusRuntimeException e) {
            schedules.delete(name, user());
            throw new WorkflowServiceUnavailableException("The schedule's workflow could not be started, so it was "
                    + "not kept: " + e.getMessage(), e);
        }
        return ScheduleView.of(schedules.get(s.id));
    }

    @Mutation("updateSchedule")
    @Description("Changes a schedule's run, its times, its deployment (noDeployment: true removes it), from its next "
            + "fire on")
    @RequiresPermission(Permission.RUN)
    public @NonNull ScheduleView update(@NonNull String name, StartRunInput run, ScheduleInput when,
            String deployment, @DefaultValue("false") boolean noDeployment) {
        if (run == null && when == null && deployment == null && !noDeployment) {
            throw new InvalidInputException("Give the schedule's new run, its new times (when), its deployment, or "
                    + "noDeployment: true");
        }
        Schedule old = schedules.find(name);
        StartRunInput newRun = run;
        ScheduleInput newWhen = when;
        if (newWhen == null) {
            newWhen = new ScheduleInput();
            newWhen.cron = old.cron;
            newWhen.intervalSeconds = old.intervalSeconds;
            newWhen.zone = old.zone;
            newWhen.overlap = OverlapPolicy.valueOf(old.overlap);
            newWhen.catchUp = CatchUpPolicy.valueOf(old.catchUp);
            newWhen.newDataMinIntervalSeconds = old.newDataMinIntervalSeconds;
        }
        ScheduleService.Definition d = definition(newRun == null ? Json.read(old.runRequestJson, RunRequest.class)
                : RunGraphQL.request(newRun), newWhen, noDeployment ? null : deployment != null ? deployment
                : old.deployment, old.deployment);
        Schedule s = schedules.update(name, d, user());
        ScheduleSpec spec = ScheduleWorkflows.spec(s);
        ScheduleWorkflows.signal(client, schedules, s, w -> w.update(spec, user()));
        return ScheduleView.of(schedules.get(s.id));
    }

    @Mutation("pauseSchedule")
    @Description("Pauses a schedule: no fire until it is resumed (times passed meanwhile are not caught up)")
    @RequiresPermission(Permission.RUN)
    public @NonNull ScheduleView pause(@NonNull String name) {
        Schedule s = schedules.setPaused(name, true, user());
        ScheduleWorkflows.signal(client, schedules, s, w -> w.pause(user()));
        return ScheduleView.of(s);
    }

    @Mutation("resumeSchedule")
    @Description("Resumes a paused schedule from its next time")
    @RequiresPermission(Permission.RUN)
    public @NonNull ScheduleView resume(@NonNull String name) {
        Schedule s = schedules.setPaused(name, false, user());
        ScheduleWorkflows.signal(client, schedules, s, w -> w.resume(user()));
        return ScheduleView.of(s);
    }

    @Mutation("triggerSchedule")
    @Description("Starts the schedule's run now (its overlap policy applies), paused or not")
    @RequiresPermission(Permission.RUN)
    public @NonNull ScheduleView trigger(@NonNull String name) {
        Schedule s = schedules.find(name);
        ScheduleWorkflows.signal(client, schedules, s, w -> w.trigger(user()));
        return ScheduleView.of(s);
    }

    @Mutation("deleteSchedule")
    @Description("Deletes a schedule: it fires no more (a run in flight goes on); its fires stay in the lineage of "
            + "their runs")
    @RequiresPermission(Permission.RUN)
    public boolean delete(@NonNull String name) {
        Schedule s = schedules.delete(name, user());
        try {
            client.newWorkflowStub(RetrainingScheduleWorkflow.class, s.workflowId).delete(user());
        } catch (WorkflowNotFoundException gone) {
            // No workflow to end: nothing fires it any more either way.
        }
        return true;
    }

    /**
     * The schedule as asked, checked: its times, its run request, and its deployment against the run's model (a
     * deployment other than {@code before}, the one it had, needs DEPLOY).
     */
    private ScheduleService.Definition definition(RunRequest request, ScheduleInput when, String deployment,
            String before) {
        ScheduleSpec spec = ScheduleCalendar.check(new ScheduleSpec(when.cron, when.intervalSeconds, when.zone,
                when.overlap, when.catchUp, deployment, when.newDataMinIntervalSeconds),
                limits.scheduleMinIntervalSeconds());
        if (spec.newDataMinIntervalSeconds() != null && request.datasetVersion() != null) {
            throw new InvalidInputException("A schedule that new data versions fire trains on the latest version: "
                    + "leave out the run's datasetVersion (" + request.datasetVersion() + ")");
        }
        RunRules.CheckedRun checked = launcher.check(request);
        if (deployment != null) {
            if (!deployment.equals(before) && !RoleMatrix.allows(identity.getRoles(), Permission.DEPLOY)) {
                throw new ForbiddenError("A schedule with a deployment starts canary rollouts on it: setting one needs "
                        + "the DEPLOY permission (approver, admin) besides RUN");
            }
            DeploymentService.Resolved d = deployments.resolve(deployment);
            if (d == null) {
                throw new NotFoundException("Deployment '" + deployment + "' does not exist");
            }
            if (!d.model().equals(checked.modelName())) {
                throw new InvalidInputException("Deployment '" + deployment + "' serves model '" + d.model() + "'; the "
                        + "schedule's runs register versions of '" + checked.modelName() + "'");
            }
        }
        return new ScheduleService.Definition(Json.write(request), spec.cron(), spec.intervalSeconds(), spec.zone(),
                spec.overlap().name(), spec.catchUp().name(), deployment, spec.newDataMinIntervalSeconds());
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
