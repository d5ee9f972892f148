package dev.hone.registry.schedule;

import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.common.UniqueNames;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Schedules and their fires as recorded: the API creates, changes and deletes schedules; a schedule's workflow
 * records its fires and state. A fire is recorded once per schedule, time and cause, so a retried fire finds what
 * its first attempt wrote. Every change to a schedule's row locks it first, so a user's change and the workflow's
 * record of its state at the same moment wait for each other instead of one failing on the row's version.
 */
@ApplicationScoped
public class ScheduleService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    @ApplicationScoped
    public static class ScheduleRepository implements PanacheRepository<Schedule> {
    }

    @ApplicationScoped
    public static class ScheduleFireRepository implements PanacheRepository<ScheduleFire> {
    }

    /** What a schedule is: when it fires, the run it starts, and its policies (checked by the caller). */
    public record Definition(String runRequestJson, String cron, Long intervalSeconds, String zone, String overlap,
            String catchUp, String deployment, Long newDataMinIntervalSeconds) {
    }

    private final ScheduleRepository schedules;
    private final ScheduleFireRepository fires;

    public ScheduleService(ScheduleRepository schedules, ScheduleFireRepository fires) {
        this.schedules = schedules;
        this.fires = fires;
    }

    /** Records a new schedule, ACTIVE; its workflow is the caller's to start. */
    @Transactional
    public Schedule create(String name, Definition d, String user) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("A schedule's name is 1 to 100 letters, digits, '.', '_' or '-', starting "
                    + "with a letter or digit; got '" + name + "'");
        }
        String taken = "A schedule named '" + name + "' exists already";
        if (schedules.count("name = ?1 and status <> ?2", name, Schedule.DELETED) > 0) {
            throw new InvalidInputException(taken);
        }
        Schedule s = new Schedule();
        s.name = name;
        apply(s, d);
        s.status = Schedule.ACTIVE;
        s.workflowId = "schedule-pending";
        s.createdBy = user;
        s.createdAt = Instant.now();
        s.updatedBy = user;
        s.updatedAt = s.createdAt;
        UniqueNames.insert(schedules.getEntityManager(), s, taken);
        s.workflowId = "schedule-" + s.id;
        return s;
    }

    /** A new definition for the schedule, from its next time on. */
    @Transactional
    public Schedule update(String name, Definition d, String user) {
        Schedule s = locked(name);
        apply(s, d);
        touch(s, user);
        return s;
    }

    private static void apply(Schedule s, Definition d) {
        s.runRequestJson = d.runRequestJson();
        s.cron = d.cron();
        s.intervalSeconds = d.intervalSeconds();
        s.zone = d.zone();
        s.overlap = d.overlap();
        s.catchUp = d.catchUp();
        s.deployment = d.deployment();
        s.newDataMinIntervalSeconds = d.newDataMinIntervalSeconds();
    }

    /** Pauses or resumes it. */
    @Transactional
    public Schedule setPaused(String name, boolean paused, String user) {
        Schedule s = locked(name);
        s.status = paused ? Schedule.PAUSED : Schedule.ACTIVE;
        touch(s, user);
        return s;
    }

    /** Marks it deleted: its name is free again; it and its fires stay for lineage. */
    @Transactional
    public Schedule delete(String name, String user) {
        Schedule s = locked(name);
        s.status = Schedule.DELETED;
        s.nextFireAt = null;
        touch(s, user);
        return s;
    }

    private static void touch(Schedule s, String user) {
        s.updatedBy = user;
        s.updatedAt = Instant.now();
    }

    /** The schedule of that name that is not deleted. */
    @Transactional
    public Schedule find(String name) {
        return schedules.find("name = ?1 and status <> ?2", name, Schedule.DELETED).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("Schedule '" + name + "' does not exist"));
    }

    /** {@link #find}, its row locked until the transaction ends. */
    private Schedule locked(String name) {
        return schedules.find("name = ?1 and status <> ?2", name, Schedule.DELETED)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("Schedule '" + name + "' does not exist"));
    }

    @Transactional
    public Schedule get(long id) {
        Schedule s = schedules.findById(id);
        if (s == null) {
            throw new NotFoundException("Schedule " + id + " does not exist");
        }
        return s;
    }

    /** The schedules (not deleted) that new data versions fire. */
    @Transactional
    public List<Schedule> onNewData() {
        return schedules.list("status <> ?1 and newDataMinIntervalSeconds is not null", Schedule.DELETED);
    }

    /** Every schedule that is not deleted, by name. */
    @Transactional
    public List<Schedule> list() {
        return schedules.list("status <> ?1 order by name", Schedule.DELETED);
    }

    /**
     * The fire of this schedule, time and cause: the one recorded, or a new one STARTING (a run about to be
     * started for it).
     */
    @Transactional
    public ScheduleFire beginFire(long scheduleId, Instant time, String cause, Long driftCheckId) {
        ScheduleFire f = fire(scheduleId, time, cause);
        if (f != null) {
            return f;
        }
        f = new ScheduleFire();
        f.scheduleId = scheduleId;
        f.fireTime = time;
        f.cause = cause;
        f.driftCheckId = driftCheckId;
        f.outcome = ScheduleFire.STARTING;
        f.recordedAt = Instant.now();
        fires.persist(f);
        return f;
    }

    /** Records how the fire ended: STARTED with its run, or FAILED with why (and the run, when one was recorded). */
    @Transactional
    public ScheduleFire endFire(long fireId, String outcome, Long runId, String reason) {
        ScheduleFire f = fires.findById(fireId);
        f.outcome = outcome;
        f.runId = runId;
        f.reason = reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 2000);
        return f;
    }

    /** Records a fire that started no run by the schedule's policy (kept as first recorded when repeated). */
    @Transactional
    public void skipped(long scheduleId, Instant time, String cause, Long driftCheckId, String reason) {
        if (fire(scheduleId, time, cause) != null) {
            return;
        }
        ScheduleFire f = new ScheduleFire();
        f.scheduleId = scheduleId;
        f.fireTime = time;
        f.cause = cause;
        f.driftCheckId = driftCheckId;
        f.outcome = ScheduleFire.SKIPPED;
        f.reason = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        f.recordedAt = Instant.now();
        fires.persist(f);
    }

    private ScheduleFire fire(long scheduleId, Instant time, String cause) {
        return fires.find("scheduleId = ?1 and fireTime = ?2 and cause = ?3", scheduleId, time, cause)
                .firstResult();
    }

    /** The workflow's state: next and last fire times and status; a deleted schedule keeps its status. */
    @Transactional
    public void recordState(long scheduleId, String status, Instant next, Instant last) {
        Schedule s = schedules.findById(scheduleId, LockModeType.PESSIMISTIC_WRITE);
        if (s == null) {
            throw new NotFoundException("Schedule " + scheduleId + " does not exist");
        }
        if (Schedule.DELETED.equals(s.status)) {
            return;
        }
        s.status = status;
        s.nextFireAt = next;
        s.lastFireAt = last;
    }

    /** Each schedule's newest fires, at most {@code limit} each, newest first, in one query. */
    @Transactional
    public Map<Long, List<ScheduleFire>> fires(Collection<Long> scheduleIds, int limit) {
        if (scheduleIds.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<ScheduleFire> newest = fires.getEntityManager().createNativeQuery("select id, schedule_id, fire_time, "
                + "cause, outcome, run_id, reason, recorded_at, rollout_id, follow_up, drift_check_id from (select f.*, row_number() "
                + "over (partition by schedule_id order by id desc) as n from schedule_fire f "
                + "where schedule_id in (?1)) t where n <= ?2 order by schedule_id, id desc", ScheduleFire.class)
                .setParameter(1, scheduleIds).setParameter(2, limit).getResultList();
        return newest.stream().collect(Collectors.groupingBy(f -> f.scheduleId, LinkedHashMap::new,
                Collectors.toList()));
    }

    /** The fires that started these runs, by run id, in one query each for fires and schedules. */
    @Transactional
    public Map<Long, ScheduleFire> firesOfRuns(Collection<Long> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        return fires.list("runId in ?1", runIds).stream().collect(Collectors.toMap(f -> f.runId, f -> f,
                (a, b) -> a));
    }

    /** Schedules by id (deleted ones too), in one query. */
    @Transactional
    public Map<Long, Schedule> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return schedules.list("id in ?1", ids).stream().collect(Collectors.toMap(x -> x.id, x -> x));
    }

    /** The fire that started a run, if a schedule's did. */
    @Transactional
    public Optional<ScheduleFire> fireOfRun(long runId) {
        return fires.find("runId", runId).firstResultOptional();
    }

    /** Records what followed the fire's run: the rollout it started (or null) and what happened. */
    @Transactional
    public ScheduleFire followUp(long fireId, Long rolloutId, String what) {
        ScheduleFire f = fires.findById(fireId);
        f.rolloutId = rolloutId;
        f.followUp = what.length() > 2000 ? what.substring(0, 2000) : what;
        return f;
    }
}
