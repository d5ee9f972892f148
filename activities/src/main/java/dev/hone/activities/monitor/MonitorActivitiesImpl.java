package dev.hone.activities.monitor;

import dev.hone.activities.common.Passports;
import dev.hone.activities.pipeline.Failures;
import dev.hone.registry.common.Json;
import dev.hone.registry.deploy.Deployment;
import dev.hone.registry.deploy.DeploymentService;
import dev.hone.registry.deploy.ServingWindowService;
import dev.hone.registry.deploy.ServingWindowService.Totals;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.monitor.DriftMonitor;
import dev.hone.registry.monitor.DriftMonitorService;
import dev.hone.registry.monitor.MonitorCheck;
import dev.hone.workflows.monitor.DriftCheck;
import dev.hone.workflows.monitor.DriftVerdict;
import dev.hone.workflows.monitor.MonitorActivities;
import dev.hone.workflows.monitor.MonitorState;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The registry side of a drift monitor. A check reads what every serving process counted of the deployment's
 * stable version over the window (the serving windows, counted in the bins of that version's passport while it has
 * no canary; during a rollout they are counted against the canary's, so the check is inconclusive then) and records
 * every score; it is idempotent on the monitor and time. Checks older than {@link #KEEP_CHECKS} go, except those that
 * raised an alarm or that a fire names.
 */
@ApplicationScoped
public class MonitorActivitiesImpl implements MonitorActivities {

    /** How long checks are kept, except those that raised an alarm or that a fire names. */
    static final Duration KEEP_CHECKS = Duration.ofDays(30);

    private final DriftMonitorService monitors;
    private final DeploymentService deployments;
    private final ServingWindowService windows;
    private final ModelRegistryService registry;
    private final Passports passports;

    public MonitorActivitiesImpl(DriftMonitorService monitors, DeploymentService deployments,
            ServingWindowService windows, ModelRegistryService registry, Passports passports) {
        this.monitors = monitors;
        this.deployments = deployments;
        this.windows = windows;
        this.registry = registry;
        this.passports = passports;
    }

    @Override
    public DriftCheck check(long monitorId, long atMillis) {
        return Failures.classify(() -> {
            Instant at = Instant.ofEpochMilli(atMillis);
            Optional<MonitorCheck> done = monitors.checkAt(monitorId, at);
            if (done.isPresent()) {
                return result(done.get());
            }
            DriftMonitor m = monitors.get(monitorId);
            Instant since = at.minusSeconds(m.windowSeconds);
            MonitorCheck c = new MonitorCheck();
            c.monitorId = monitorId;
            c.checkedAt = at;
            c.windowStart = since;
            Optional<Deployment> d = deployments.findOptional(m.deployment);
            DriftJudge.Judgement j;
            if (d.isEmpty()) {
                j = DriftJudge.inconclusive("Deployment '" + m.deployment + "' does not exist (deleted?)");
            } else {
                long version = d.get().stableVersionId;
                c.versionId = version;
                int number = registry.versionById(version).version;
                Totals served = windows.totals(m.deployment, version, since, version);
                c.feedback = served.feedback();
                j = DriftJudge.judge(served, passports.of(version).orElse(null), number, m);
                if (j.verdict() == DriftVerdict.INCONCLUSIVE && d.get().canaryVersionId != null) {
                    j = DriftJudge.inconclusive(j.summary() + "; a canary is being rolled out, and served rows are "
                            + "counted against the canary's passport meanwhile");
                }
            }
            c.verdict = j.verdict().name();
            c.summary = j.summary();
            c.rows = j.rows();
            c.scoresJson = j.scores() == null ? null : Json.write(j.scores());
            c.maxInputPsi = j.maxInputPsi();
            c.maxInputColumn = j.maxInputColumn();
            c.outputPsi = j.outputPsi();
            c.feedbackAccuracy = j.feedbackAccuracy();
            c.feedbackRmse = j.feedbackRmse();
            MonitorCheck saved = monitors.saveCheck(c);
            monitors.deleteChecksBefore(monitorId, at.minus(KEEP_CHECKS));
            if (j.verdict() == DriftVerdict.BREACHED) {
                Log.infof("Drift monitor on '%s': %s", m.deployment, j.summary());
            }
            return result(saved);
        });
    }

    private static DriftCheck result(MonitorCheck c) {
        return new DriftCheck(c.id, DriftVerdict.valueOf(c.verdict), c.summary);
    }

    @Override
    public void noteAlarm(long checkId, boolean alarm, String note) {
        Failures.classify(() -> {
            monitors.noteAlarm(checkId, alarm, note);
            if (alarm) {
                Log.infof("Drift check %d raised an alarm: %s", checkId, note);
            }
        });
    }

    @Override
    public void record(long monitorId, MonitorState state) {
        Failures.classify(() -> monitors.recordState(monitorId, state.status(), state.breaches(),
                millis(state.lastCheckMillis()), millis(state.lastAlarmMillis()), millis(state.nextCheckMillis())));
    }

    private static Instant millis(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
