package dev.hone.registry.schedule;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One fire of a schedule: the run it started, or why it started none. */
@Entity
@Table(name = "schedule_fire")
public class ScheduleFire {

    /** Outcomes. */
    public static final String STARTING = "STARTING";
    public static final String STARTED = "STARTED";
    public static final String SKIPPED = "SKIPPED";
    public static final String FAILED = "FAILED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "schedule_id", nullable = false)
    public long scheduleId;

    /** The scheduled time (for a trigger, when it was asked; for a buffered fire, when it started). */
    @Column(name = "fire_time", nullable = false)
    public Instant fireTime;

    /** SCHEDULE, TRIGGER, CATCH_UP, BUFFERED or DRIFT. */
    @Column(nullable = false, length = 20)
    public String cause;

    /** STARTING (a run being started), STARTED, SKIPPED or FAILED. */
    @Column(nullable = false, length = 20)
    public String outcome;

    @Column(name = "run_id")
    public Long runId;

    @Column(length = 2000)
    public String reason;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    /** The canary rollout its run's version started on the schedule's deployment, or null. */
    @Column(name = "rollout_id")
    public Long rolloutId;

    /** What followed the run (a rollout started, or why none), once it ended; null before. */
    @Column(name = "follow_up", length = 2000)
    public String followUp;

    /** For a DRIFT fire, the drift monitor's check that raised the alarm (the evidence); else null. */
    @Column(name = "drift_check_id")
    public Long driftCheckId;
}
