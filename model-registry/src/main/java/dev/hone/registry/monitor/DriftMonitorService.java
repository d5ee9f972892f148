package dev.hone.registry.monitor;

import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Drift monitors and their checks as recorded: the API creates, changes and deletes monitors; a monitor's workflow
 * records its checks (once per monitor and time, so a retried check finds what its first attempt wrote) and state.
 */
@ApplicationScoped
public class DriftMonitorService {

    @ApplicationScoped
    public static class DriftMonitorRepository implements PanacheRepository<DriftMonitor> {
    }

    @ApplicationScoped
    public static class MonitorCheckRepository implements PanacheRepository<MonitorCheck> {
    }

    /**
     * What a monitor judges and when (see {@link DriftMonitor}'s fields); checked by {@link #create} and
     * {@link #update}.
     */
    public record Settings(long windowSeconds, long checkSeconds, long minRows, double maxInputPsi,
            double maxOutputPsi, Double maxAccuracyDrop, Double maxRmseIncrease, long minFeedback, int debounceChecks,
            long cooldownSeconds) {

        /** Refuses settings that cannot work, naming the first such. */
        void check() {
            if (windowSeconds < 1 || windowSeconds > 30L * 24 * 3600) {
                throw new InvalidInputException("A monitor's window is 1 second to 30 days; got " + windowSeconds
                        + " s");
            }
            if (checkSeconds < 1 || checkSeconds > 7L * 24 * 3600) {
                throw new InvalidInputException("A monitor checks every 1 second to 7 days; got " + checkSeconds
                        + " s");
            }
            if (minRows < 1) {
                throw new InvalidInputException("A monitor's minRows is at least 1; got " + minRows);
            }
            if (!(maxInputPsi > 0) || !(maxOutputPsi > 0) || Double.isInfinite(maxInputPsi)
                    || Double.isInfinite(maxOutputPsi)) {
                throw new InvalidInputException("A monitor's PSI thresholds are positive numbers; got maxInputPsi "
                        + maxInputPsi + ", maxOutputPsi " + maxOutputPsi);
            }
            if (maxAccuracyDrop != null && !(maxAccuracyDrop >= 0 && maxAccuracyDrop <= 1)) {
                throw new InvalidInputException("maxAccuracyDrop is a share of rows between 0 and 1; got "
                        + maxAccuracyDrop);
            }
            if (maxRmseIncrease != null && !(maxRmseIncrease >= 0 && maxRmseIncrease <= 100)) {
                throw new InvalidInputException("maxRmseIncrease is a share of the test RMSE between 0 and 100; got "
                        + maxRmseIncrease);
            }
            if (minFeedback < 1) {
                throw new InvalidInputException("A monitor's minFeedback is at least 1; got " + minFeedback);
            }
            if (debounceChecks < 1 || debounceChecks > 1000) {
                throw new InvalidInputException("debounceChecks is 1 to 1000; got " + debounceChecks);
            }
            if (cooldownSeconds < 0 || cooldownSeconds > 365L * 24 * 3600) {
                throw new InvalidInputException("A monitor's cool-down is 0 to 365 days; got " + cooldownSeconds
                        + " s");
            }
        }
    }

    private final DriftMonitorRepository monitors;
    private final MonitorCheckRepository checks;

    public DriftMonitorService(DriftMonitorRepository monitors, MonitorCheckRepository checks) {
        this.monitors = monitors;
        this.checks = checks;
    }

    /** Records a new monitor, ACTIVE; its workflow is the caller's to start. */
    @Transactional
    public DriftMonitor create(String deployment, long scheduleId, Settings settings, String user) {
        settings.check();
        if (monitors.count("deployment = ?1 and status <> ?2", deployment, DriftMonitor.DELETED) > 0) {
            throw new InvalidInputException("Deployment '" + deployment + "' has a drift monitor already; change it "
                    + "or delete it first");
        }
        DriftMonitor m = new DriftMonitor();
        m.deployment = deployment;
        m.scheduleId = scheduleId;
        apply(m, settings);
        m.status = DriftMonitor.ACTIVE;
        m.workflowId = "drift-monitor-pending";
        m.createdBy = user;
        m.createdAt = Instant.now();
        m.updatedBy = user;
        m.updatedAt = m.createdAt;
        monitors.persist(m);
        monitors.flush();
        m.workflowId = "drift-monitor-" + m.id;
        return m;
    }

    /** New settings (and schedule), from the next check on. */
    @Transactional
    public DriftMonitor update(String deployment, long scheduleId, Settings settings, String user) {
        settings.check();
        DriftMonitor m = find(deployment);
        m.scheduleId = scheduleId;
        apply(m, settings);
        touch(m, user);
        return m;
    }

    private static void apply(DriftMonitor m, Settings s) {
        m.windowSeconds = s.windowSeconds();
        m.checkSeconds = s.checkSeconds();
        m.minRows = s.minRows();
        m.maxInputPsi = s.maxInputPsi();
        m.maxOutputPsi = s.maxOutputPsi();
        m.maxAccuracyDrop = s.maxAccuracyDrop();
        m.maxRmseIncrease = s.maxRmseIncrease();
        m.minFeedback = s.minFeedback();
        m.debounceChecks = s.debounceChecks();
        m.cooldownSeconds = s.cooldownSeconds();
    }

    /** A monitor's settings as recorded. */
    public static Settings settings(DriftMonitor m) {
        return new Settings(m.windowSeconds, m.checkSeconds, m.minRows, m.maxInputPsi, m.maxOutputPsi,
                m.maxAccuracyDrop, m.maxRmseIncrease, m.minFeedback, m.debounceChecks, m.cooldownSeconds);
    }

    @Transactional
    public DriftMonitor setPaused(String deployment, boolean paused, String user) {
        DriftMonitor m = find(deployment);
        m.status = paused ? DriftMonitor.PAUSED : DriftMonitor.ACTIVE;
        touch(m, user);
        return m;
    }

    /** Marks it deleted; it and its checks stay, for the evidence of the fires it caused. */
    @Transactional
    public DriftMonitor delete(String deployment, String user) {
        DriftMonitor m = find(deployment);
        m.status = DriftMonitor.DELETED;
        m.nextCheckAt = null;
        touch(m, user);
        return m;
    }

    private static void touch(DriftMonitor m, String user) {
        m.updatedBy = user;
        m.updatedAt = Instant.now();
    }

    /** The monitor of that deployment that is not deleted. */
    @Transactional
    public DriftMonitor find(String deployment) {
        return findOptional(deployment).orElseThrow(() -> new NotFoundException("Deployment '" + deployment
                + "' has no drift monitor"));
    }

    @Transactional
    public Optional<DriftMonitor> findOptional(String deployment) {
        return monitors.find("deployment = ?1 and status <> ?2", deployment, DriftMonitor.DELETED)
                .firstResultOptional();
    }

    @Transactional
    public DriftMonitor get(long id) {
        DriftMonitor m = monitors.findById(id);
        if (m == null) {
            throw new NotFoundException("Drift monitor " + id + " does not exist");
        }
        return m;
    }

    /** Every monitor that is not deleted, by deployment. */
    @Transactional
    public List<DriftMonitor> list() {
        return monitors.list("status <> ?1 order by deployment", DriftMonitor.DELETED);
    }

    /** The monitors (not deleted) that fire this schedule. */
    @Transactional
    public List<DriftMonitor> ofSchedule(long scheduleId) {
        return monitors.list("scheduleId = ?1 and status <> ?2", scheduleId, DriftMonitor.DELETED);
    }

    /** The check this monitor recorded at that time, if any. */
    @Transactional
    public Optional<MonitorCheck> checkAt(long monitorId, Instant at) {
        return checks.find("monitorId = ?1 and checkedAt = ?2", monitorId, at).firstResultOptional();
    }

    /** Records a check (the caller made sure none exists for its monitor and time). */
    @Transactional
    public MonitorCheck saveCheck(MonitorCheck c) {
        c.summary = cut(c.summary);
        checks.persist(c);
        return c;
    }

    /** Records what became of a breaching check. */
    @Transactional
    public void noteAlarm(long checkId, boolean alarm, String note) {
        MonitorCheck c = checks.findById(checkId);
        if (c == null) {
            throw new NotFoundException("Drift check " + checkId + " does not exist");
        }
        c.alarm = alarm;
        c.note = cut(note);
    }

    /** The workflow's state; a deleted monitor keeps its status. */
    @Transactional
    public void recordState(long monitorId, String status, int breaches, Instant lastCheck, Instant lastAlarm,
            Instant nextCheck) {
        DriftMonitor m = get(monitorId);
        if (DriftMonitor.DELETED.equals(m.status)) {
            return;
        }
        m.status = status;
        m.breaches = breaches;
        m.lastCheckAt = lastCheck;
        m.lastAlarmAt = lastAlarm;
        m.nextCheckAt = nextCheck;
    }

    /** When the monitor's newest alarm was raised, by its checks (the monitor's row may not have been written since). */
    @Transactional
    public Optional<Instant> lastAlarm(long monitorId) {
        return checks.find("monitorId = ?1 and alarm = true order by checkedAt desc", monitorId).firstResultOptional()
                .map(c -> c.checkedAt);
    }

    /** A monitor's newest checks, newest first. */
    @Transactional
    public List<MonitorCheck> checks(long monitorId, int limit) {
        return checks.find("monitorId = ?1 order by id desc", monitorId).page(0, limit).list();
    }

    /** A monitor's checks since a time, oldest first (the report's scores over time). */
    @Transactional
    public List<MonitorCheck> checksSince(long monitorId, Instant since, int limit) {
        return checks.find("monitorId = ?1 and checkedAt >= ?2 order by checkedAt desc", monitorId, since)
                .page(0, limit).list().reversed();
    }

    @Transactional
    public MonitorCheck check(long id) {
        MonitorCheck c = checks.findById(id);
        if (c == null) {
            throw new NotFoundException("Drift check " + id + " does not exist");
        }
        return c;
    }

    /** Checks by id, in one query. */
    @Transactional
    public Map<Long, MonitorCheck> checksByIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return checks.list("id in ?1", ids).stream().collect(Collectors.toMap(c -> c.id, c -> c));
    }

    /**
     * Deletes the monitor's checks older than {@code before} that raised no alarm and that no fire names (those stay:
     * they are evidence); returns how many.
     */
    @Transactional
    public long deleteChecksBefore(long monitorId, Instant before) {
        return checks.getEntityManager().createNativeQuery("delete from drift_check c where c.monitor_id = ?1 and "
                + "c.checked_at < ?2 and not c.alarm and not exists (select 1 from schedule_fire f where "
                + "f.drift_check_id = c.id)").setParameter(1, monitorId).setParameter(2, before).executeUpdate();
    }

    private static String cut(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
