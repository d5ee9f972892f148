package dev.hone.registry.run;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A model-optimization run: what was asked, and how far it got. The workflow drives it; this row
 * is the durable record that outlives the workflow service.
 */
@Entity
@Table(name = "run")
public class Run {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public RunStatus status;

    @Column(name = "current_stage", length = 30)
    public String currentStage;

    @Column(name = "dataset_version_id", nullable = false)
    public long datasetVersionId;

    @Column(nullable = false, length = 200)
    public String target;

    /** CLASSIFICATION or REGRESSION; null until inferred when the user left it open. */
    @Column(length = 20)
    public String task;

    @Column(name = "model_name", nullable = false, length = 100)
    public String modelName;

    @Column(nullable = false, length = 10)
    public String device;

    @Column(nullable = false)
    public long seed;

    /** Where the run's compute went (CPU or GPU) when the run let the service choose or asked for a GPU. */
    @Column(name = "compute_device", length = 10)
    public String computeDevice;

    /** Why it went there, or what it waits for. */
    @Column(name = "compute_note", length = 1000)
    public String computeNote;

    /** Training settings as given by the user, JSON. */
    @Column(name = "settings_json", nullable = false, length = 100_000)
    public String settingsJson;

    /** The hyperparameter study requested, JSON; null for a run without one. */
    @Column(name = "tuning_json", length = 100_000)
    public String tuningJson;

    /** The compression stage requested, JSON; null for a run without it. */
    @Column(name = "compression_json", length = 10_000)
    public String compressionJson;

    /** The validation gate's limits and sensitive columns, JSON; null for the defaults. */
    @Column(name = "validation_json", length = 10_000)
    public String validationJson;

    /** The schedule's fire that started this run, or null for a run started otherwise. */
    @Column(name = "schedule_fire_id")
    public Long scheduleFireId;

    @Column(name = "workflow_id", length = 200)
    public String workflowId;

    /** Starts at 1; a restart of an interrupted or failed run increments it. */
    @Column(nullable = false)
    public int attempt;

    @Column(length = 10_000)
    public String error;

    @Column(name = "model_version_id")
    public Long modelVersionId;

    @Column(name = "test_metrics_json", length = 100_000)
    public String testMetricsJson;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /**
     * When a user asked to cancel the current attempt; from then on the attempt can no longer be
     * recorded as SUCCEEDED.
     */
    @Column(name = "cancel_requested_at")
    public Instant cancelRequestedAt;
}
