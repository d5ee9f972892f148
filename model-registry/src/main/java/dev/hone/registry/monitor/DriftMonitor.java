package dev.hone.registry.monitor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A drift monitor on a deployment: what it judges, how often, and the schedule its alarms fire. */
@Entity
@Table(name = "drift_monitor")
public class DriftMonitor {

    /** Statuses: the workflow's, and DELETED once deleted. */
    public static final String ACTIVE = "ACTIVE";
    public static final String PAUSED = "PAUSED";
    public static final String DELETED = "DELETED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 100)
    public String deployment;

    /** The retraining schedule an alarm fires. */
    @Column(name = "schedule_id", nullable = false)
    public long scheduleId;

    /** The sliding window each check judges, up to the check's time. */
    @Column(name = "window_seconds", nullable = false)
    public long windowSeconds;

    @Column(name = "check_seconds", nullable = false)
    public long checkSeconds;

    /** Fewer rows served (and counted in the passport's bins) in the window than this: inconclusive. */
    @Column(name = "min_rows", nullable = false)
    public long minRows;

    /** An input column's PSI against the passport above this breaches. */
    @Column(name = "max_input_psi", nullable = false)
    public double maxInputPsi;

    /** The predictions' PSI against the passport above this breaches. */
    @Column(name = "max_output_psi", nullable = false)
    public double maxOutputPsi;

    /** A classifier's accuracy on feedback this far below its test accuracy breaches; null: not judged. */
    @Column(name = "max_accuracy_drop")
    public Double maxAccuracyDrop;

    /** A regressor's RMSE on feedback this share above its test RMSE breaches; null: not judged. */
    @Column(name = "max_rmse_increase")
    public Double maxRmseIncrease;

    /** Labelled predictions needed in the window before feedback is judged. */
    @Column(name = "min_feedback", nullable = false)
    public long minFeedback;

    @Column(name = "debounce_checks", nullable = false)
    public int debounceChecks;

    @Column(name = "cooldown_seconds", nullable = false)
    public long cooldownSeconds;

    @Column(nullable = false, length = 20)
    public String status;

    @Column(name = "workflow_id", nullable = false, length = 200)
    public String workflowId;

    /** Checks in a row that breached, as the workflow last recorded. */
    @Column(nullable = false)
    public int breaches;

    @Column(name = "last_check_at")
    public Instant lastCheckAt;

    @Column(name = "last_alarm_at")
    public Instant lastAlarmAt;

    @Column(name = "next_check_at")
    public Instant nextCheckAt;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_by", nullable = false, length = 100)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
