package dev.hone.registry.run;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One stage of one attempt of a run. {@code outputJson} holds the stage's result, which is what
 * makes the stage's activity idempotent: a retry finds it and returns it.
 */
@Entity
@Table(name = "run_stage")
public class RunStage {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id", nullable = false)
    public long runId;

    @Column(nullable = false)
    public int attempt;

    @Column(nullable = false, length = 30)
    public String stage;

    /** RUNNING, SUCCEEDED, FAILED, CANCELLED or INTERRUPTED. */
    @Column(nullable = false, length = 20)
    public String status;

    /**
     * How many times the stage's work has started in this attempt of the run: 1, or more when a
     * failed or lost try was retried.
     */
    @Column(nullable = false)
    public int tries = 1;

    /** 0..1 within the stage. */
    @Column(nullable = false)
    public double progress;

    /** Human-readable progress, e.g. "epoch 12 of 100". */
    @Column(length = 1000)
    public String detail;

    @Column(name = "metrics_json", length = 100_000)
    public String metricsJson;

    @Column(name = "output_json", length = 1_000_000)
    public String outputJson;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;
}
