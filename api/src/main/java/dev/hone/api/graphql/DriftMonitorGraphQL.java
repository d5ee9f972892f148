package dev.hone.api.graphql;

import dev.hone.api.runtime.Limits;
import dev.hone.api.runtime.MonitorWorkflows;
import dev.hone.ml.report.DriftScores;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.Json;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.deploy.DeploymentService;
import dev.hone.registry.monitor.DriftMonitor;
import dev.hone.registry.monitor.DriftMonitorService;
import dev.hone.registry.monitor.MonitorCheck;
import dev.hone.registry.schedule.Schedule;
import dev.hone.registry.schedule.ScheduleService;
import dev.hone.runs.RunLauncher;
import dev.hone.runs.RunRequest;
import dev.hone.runs.WorkflowServiceUnavailableException;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.workflows.monitor.DriftMonitorWorkflow;
import dev.hone.workflows.monitor.DriftVerdict;
import io.grpc.StatusRuntimeException;
import io.quarkus.security.identity.SecurityIdentity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
 * Drift monitors: one per deployment, a durable workflow ({@code DriftMonitorWorkflow}) that judges the traffic the
 * deployment served over a sliding window against the served version's passport every few minutes, records each
 * check with its scores and histograms (the drift report), and fires a retraining schedule when thresholds hold for
 * a run of checks outside the cool-down.
 */
@GraphQLApi
@ApplicationScoped
public class DriftMonitorGraphQL {

    /** Checks a monitor view may list at once. */
    static final int MAX_CHECKS = 500;

    private final DriftMonitorService monitors;
    private final ScheduleService schedules;
    private final DeploymentService deployments;
    private final RunLauncher launcher;
    private final WorkflowClient client;
    private final SecurityIdentity identity;
    private final Limits limits;

    public DriftMonitorGraphQL(DriftMonitorService monitors, ScheduleService schedules, DeploymentService deployments,
            RunLauncher launcher, WorkflowClient client, SecurityIdentity identity, Limits limits) {
        this.monitors = monitors;
        this.schedules = schedules;
        this.deployments = deployments;
        this.launcher = launcher;
        this.client = client;
        this.identity = identity;
        this.limits = limits;
    }

    @Name("DriftMonitorInput")
    @Description("What a drift monitor judges and when; a field left out keeps its current value (on create: the "
            + "default given)")
    public static class DriftMonitorInput {
        @Description("The retraining schedule an alarm fires (its runs must train the deployment's model)")
        public String schedule;
        @Description("The sliding window each check judges, in seconds up to the check (default 3600)")
        public Long windowSeconds;
        @Description("Seconds between checks (default 300; at least the installation's shortest schedule interval)")
        public Long checkSeconds;
        @Description("Rows served in the window needed for a verdict; fewer make a check inconclusive (default 500)")
        public Long minRows;
        @Description("An input column's PSI against the passport's training rows above this breaches (default 0.25)")
        public Double maxInputPsi;
        @Description("The predictions' PSI against the passport above this breaches (default 0.25)")
        public Double maxOutputPsi;
        @Description("A classifier's accuracy on labelled feedback this share of rows below its test accuracy "
                + "breaches (default 0.05)")
        public Double maxAccuracyDrop;
        @Description("A regressor's RMSE on labelled feedback this share above its test RMSE breaches (default 0.25)")
        public Double maxRmseIncrease;
        @Description("Labelled predictions in the window needed to judge feedback (default 50)")
        public Long minFeedback;
        @Description("Checks in a row that must breach before an alarm (default 3); inconclusive checks neither "
                + "count nor break the run")
        public Integer debounceChecks;
        @Description("Seconds at least between two alarms (default 86400)")
        public Long cooldownSeconds;
    }

    @Name("DriftMonitor")
    @Description("A drift monitor on a deployment")
    public record MonitorView(@Id long id, @NonNull String deployment, @NonNull String schedule,
            @Description("ACTIVE or PAUSED") @NonNull String status, long windowSeconds, long checkSeconds,
            long minRows, double maxInputPsi, double maxOutputPsi, Double maxAccuracyDrop, Double maxRmseIncrease,
            long minFeedback, int debounceChecks, long cooldownSeconds,
            @Description("Checks in a row that breached, as last recorded") int breaches, Instant lastCheckAt,
            Instant lastAlarmAt, Instant nextCheckAt, @NonNull String createdBy, @NonNull Instant createdAt,
            @NonNull String updatedBy, @NonNull Instant updatedAt) {

        static MonitorView of(DriftMonitor m, String schedule) {
            return new MonitorView(m.id, m.deployment, schedule, m.status, m.windowSeconds, m.checkSeconds,
                    m.minRows, m.maxInputPsi, m.maxOutputPsi, m.maxAccuracyDrop, m.maxRmseIncrease, m.minFeedback,
                    m.debounceChecks, m.cooldownSeconds, m.breaches, m.lastCheckAt, m.lastAlarmAt, m.nextCheckAt,
                    m.createdBy, m.createdAt, m.updatedBy, m.updatedAt);
        }
    }

    @Name("DriftScore")
    @Description("One column's (or the predictions') shares per bin: the passport's training rows (reference) "
            + "against the rows served in the window (current), and their PSI")
    public record ScoreView(@NonNull String column, boolean numeric,
            @Description("A number's inner bin edges: bin k holds values up to edge k, the last bin those above")
            @NonNull List<@NonNull Double> edges,
            @Description("A category's kept values; the bins after them are 'other' and missing")
            @NonNull List<@NonNull String> categories,
            @Description("Shares per bin, the missing values' last") @NonNull List<@NonNull Double> reference,
            @NonNull List<@NonNull Double> current, double psi) {

        static ScoreView of(DriftScores.Score s) {
            return new ScoreView(s.column(), s.numeric(), s.edges(), s.categories(), s.reference(), s.current(),
                    s.psi());
        }
    }

    @Name("DriftCheck")
    @Description("One check of a drift monitor: the window it judged, every score, the verdict, and what became of "
            + "a breach")
    public record CheckView(@Id long id, long monitorId, @NonNull Instant checkedAt, @NonNull Instant windowStart,
            @Description("The served version judged (its registry id)") Long versionId,
            @Description("Rows served in the window and counted in the passport's bins") long rows,
            @NonNull DriftVerdict verdict, @NonNull String summary, Double maxInputPsi, String maxInputColumn,
            Double outputPsi, long feedback, Double feedbackAccuracy, Double feedbackRmse,
            @Description("Whether this check raised an alarm (sent to the schedule)") boolean alarm,
            @Description("What became of a breach that completed a run of them") String note,
            @Description("Each input column's score") @NonNull List<@NonNull ScoreView> inputs,
            @Description("The predictions' score") ScoreView output) {

        static CheckView of(MonitorCheck c, boolean withScores) {
            DriftScores scores = withScores && c.scoresJson != null ? Json.read(c.scoresJson, DriftScores.class)
                    : null;
            return new CheckView(c.id, c.monitorId, c.checkedAt, c.windowStart, c.versionId, c.rows,
                    DriftVerdict.valueOf(c.verdict), c.summary, c.maxInputPsi, c.maxInputColumn, c.outputPsi,
                    c.feedback, c.feedbackAccuracy, c.feedbackRmse, c.alarm, c.note,
                    scores == null ? List.of() : scores.inputs().stream().map(ScoreView::of).toList(),
                    scores == null || scores.output() == null ? null : ScoreView.of(scores.output()));
        }
    }

    @Query("driftMonitors")
    @Description("Every drift monitor, by deployment")
    @RequiresPermission(Permission.READ)
    public @NonNull List<@NonNull MonitorView> list() {
        List<DriftMonitor> all = monitors.list();
        Map<Long, Schedule> owners = schedules.byIds(all.stream().map(m -> m.scheduleId).distinct().toList());
        return all.stream().map(m -> MonitorView.of(m, owners.get(m.scheduleId).name)).toList();
    }

    @Query("driftMonitor")
    @Description("The drift monitor of a deployment, or null when it has none")
    @RequiresPermission(Permission.READ)
    public MonitorView monitor(@NonNull String deployment) {
        return monitors.findOptional(deployment).map(this::view).orElse(null);
    }

    @Query("driftCheck")
    @Description("One drift check by id, with its scores (the evidence a DRIFT fire names)")
    @RequiresPermission(Permission.READ)
    public @NonNull CheckView check(@NonNull @Id long id) {
        return CheckView.of(monitors.check(id), true);
    }

    @Description("The monitor's checks, newest first; with scores, each column's histograms (the drift report)")
    public List<@NonNull List<@NonNull CheckView>> checks(@Source List<MonitorView> of,
            @DefaultValue("20") int limit, @DefaultValue("false") boolean withScores) {
        if (limit < 1 || limit > MAX_CHECKS) {
            throw new InvalidInputException("limit must be 1 to " + MAX_CHECKS + "; got " + limit);
        }
        if (of.size() > 1 && withScores) {
            throw new InvalidInputException("Ask for checks with scores of one monitor at a time");
        }
        return of.stream().map(v -> monitors.checks(v.id(), limit).stream().map(c -> CheckView.of(c, withScores))
                .toList()).toList();
    }

    @Mutation("createDriftMonitor")
    @Description("Puts a drift monitor on a deployment: it judges the deployment's served traffic against the served "
            + "version's passport and fires the schedule (which must train the deployment's model) when thresholds "
            + "hold for a run of checks outside the cool-down")
    @RequiresPermission(Permission.RUN)
    public @NonNull MonitorView create(@NonNull String deployment, @NonNull DriftMonitorInput monitor) {
        if (monitor.schedule == null) {
            throw new InvalidInputException("A drift monitor names the schedule its alarms fire (schedule)");
        }
        Schedule s = scheduleFor(deployment, monitor.schedule);
        DriftMonitor m = monitors.create(deployment, s.id, settings(monitor, null), user());
        try {
            MonitorWorkflows.start(client, monitors, m);
        } catch (WorkflowServiceException | StatusRuntimeException e) {
            monitors.delete(deployment, user());
            throw new WorkflowServiceUnavailableException("The monitor's workflow could not be started, so it was not "
                    + "kept: " + e.getMessage(), e);
        }
        return view(monitors.get(m.id));
    }

    @Mutation("updateDriftMonitor")
    @Description("Changes a deployment's drift monitor (its schedule, window, thresholds, pace), from its next check "
            + "on")
    @RequiresPermission(Permission.RUN)
    public @NonNull MonitorView update(@NonNull String deployment, @NonNull DriftMonitorInput monitor) {
        DriftMonitor old = monitors.find(deployment);
        long scheduleId = monitor.schedule == null ? old.scheduleId : scheduleFor(deployment, monitor.schedule).id;
        DriftMonitor m = monitors.update(deployment, scheduleId, settings(monitor, old), user());
        MonitorWorkflows.signal(client, monitors, m, w -> w.update(MonitorWorkflows.spec(m), user()));
        return view(m);
    }

    @Mutation("pauseDriftMonitor")
    @Description("Pauses a deployment's drift monitor: no check until it is resumed")
    @RequiresPermission(Permission.RUN)
    public @NonNull MonitorView pause(@NonNull String deployment) {
        DriftMonitor m = monitors.setPaused(deployment, true, user());
        MonitorWorkflows.signal(client, monitors, m, w -> w.pause(user()));
        return view(m);
    }

    @Mutation("resumeDriftMonitor")
    @Description("Resumes a paused drift monitor")
    @RequiresPermission(Permission.RUN)
    public @NonNull MonitorView resume(@NonNull String deployment) {
        DriftMonitor m = monitors.setPaused(deployment, false, user());
        MonitorWorkflows.signal(client, monitors, m, w -> w.resume(user()));
        return view(m);
    }

    @Mutation("checkDriftMonitor")
    @Description("Has the monitor check now, paused or not (an alarm still needs its run of breaches and the "
            + "cool-down)")
    @RequiresPermission(Permission.RUN)
    public @NonNull MonitorView checkNow(@NonNull String deployment) {
        DriftMonitor m = monitors.find(deployment);
        MonitorWorkflows.signal(client, monitors, m, w -> w.checkNow(user()));
        return view(m);
    }

    @Mutation("deleteDriftMonitor")
    @Description("Deletes a deployment's drift monitor; its checks stay as the evidence of the fires they caused")
    @RequiresPermission(Permission.RUN)
    public boolean delete(@NonNull String deployment) {
        DriftMonitor m = monitors.delete(deployment, user());
        try {
            client.newWorkflowStub(DriftMonitorWorkflow.class, m.workflowId).delete(user());
        } catch (WorkflowNotFoundException gone) {
            // No workflow to end: nothing checks any more either way.
        }
        return true;
    }

    /** The schedule, checked: it exists and its runs train the model the deployment serves. */
    private Schedule scheduleFor(String deployment, String schedule) {
        DeploymentService.Resolved d = deployments.resolve(deployment);
        if (d == null) {
            throw new NotFoundException("Deployment '" + deployment + "' does not exist");
        }
        Schedule s = schedules.find(schedule);
        String model = launcher.check(Json.read(s.runRequestJson, RunRequest.class)).modelName();
        if (!d.model().equals(model)) {
            throw new InvalidInputException("Deployment '" + deployment + "' serves model '" + d.model() + "'; "
                    + "schedule '" + schedule + "' retrains '" + model + "'");
        }
        return s;
    }

    /** The input's settings over {@code old}'s (or the defaults), checked against the installation's limits. */
    private DriftMonitorService.Settings settings(DriftMonitorInput in, DriftMonitor old) {
        DriftMonitorService.Settings base = old != null ? DriftMonitorService.settings(old)
                : new DriftMonitorService.Settings(Duration.ofHours(1).toSeconds(), 300, 500, 0.25, 0.25, 0.05, 0.25,
                        50, 3, Duration.ofDays(1).toSeconds());
        DriftMonitorService.Settings s = new DriftMonitorService.Settings(
                or(in.windowSeconds, base.windowSeconds()), or(in.checkSeconds, base.checkSeconds()),
                or(in.minRows, base.minRows()), or(in.maxInputPsi, base.maxInputPsi()),
                or(in.maxOutputPsi, base.maxOutputPsi()),
                in.maxAccuracyDrop != null ? in.maxAccuracyDrop : base.maxAccuracyDrop(),
                in.maxRmseIncrease != null ? in.maxRmseIncrease : base.maxRmseIncrease(),
                or(in.minFeedback, base.minFeedback()), or(in.debounceChecks, base.debounceChecks()),
                or(in.cooldownSeconds, base.cooldownSeconds()));
        if (s.checkSeconds() < limits.scheduleMinIntervalSeconds()) {
            throw new InvalidInputException("A monitor checks at most every " + limits.scheduleMinIntervalSeconds()
                    + " s here (the shortest schedule interval); got checkSeconds " + s.checkSeconds());
        }
        return s;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private MonitorView view(DriftMonitor m) {
        return MonitorView.of(m, schedules.get(m.scheduleId).name);
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
