package dev.hone.registry.schedule;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A retraining schedule: when it fires, the run it starts, and its policies. */
@Entity
@Table(name = "schedule")
public class Schedule {

    /** Statuses: the workflow's, and DELETED once deleted. */
    public static final String ACTIVE = "ACTIVE";
    public static final String PAUSED = "PAUSED";
    public static final String DELETED = "DELETED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 100)
    public String name;

    /** The run each fire starts, as a run request (JSON). */
    @Column(name = "run_request_json", nullable = false, length = 200_000)
    public String runRequestJson;

    /** A cron expression (five fields), or null for {@link #intervalSeconds}. */
    @Column(length = 200)
    public String cron;

    @Column(name = "interval_seconds")
    public Long intervalSeconds;

    /** When set, a new version of the run's data set fires the schedule, at most once in this many seconds. */
    @Column(name = "new_data_min_interval_seconds")
    public Long newDataMinIntervalSeconds;

    /** The time zone {@link #cron} is read in. */
    @Column(nullable = false, length = 100)
    public String zone;

    /** SKIP, BUFFER_ONE or CANCEL_RUNNING. */
    @Column(nullable = false, length = 20)
    public String overlap;

    /** SKIP_MISSED or RUN_ONCE. */
    @Column(name = "catch_up", nullable = false, length = 20)
    public String catchUp;

    @Column(nullable = false, length = 20)
    public String status;

    /** The deployment each successful run's new version is rolled out on as a canary, or null for none. */
    @Column(length = 100)
    public String deployment;

    @Column(name = "workflow_id", nullable = false, length = 200)
    public String workflowId;

    @Column(name = "next_fire_at")
    public Instant nextFireAt;

    @Column(name = "last_fire_at")
    public Instant lastFireAt;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_by", nullable = false, length = 100)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(nullable = false)
    public long revision;
}
