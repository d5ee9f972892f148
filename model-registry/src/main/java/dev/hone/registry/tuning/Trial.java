package dev.hone.registry.tuning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One trial of a study: its parameters, per-epoch objective values and outcome. */
@Entity
@Table(name = "trial")
public class Trial {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "study_id", nullable = false)
    public long studyId;

    @Column(nullable = false)
    public int number;

    /** The sampled parameter values, JSON object. */
    @Column(name = "params_json", nullable = false, length = 100_000)
    public String paramsJson;

    /** The complete training settings the trial used, JSON. */
    @Column(name = "settings_json", nullable = false, length = 100_000)
    public String settingsJson;

    /** RUNNING, COMPLETED, PRUNED or FAILED; CANCELLED or INTERRUPTED when its run ended that way meanwhile. */
    @Column(nullable = false, length = 20)
    public String status;

    /** Objective value after each epoch, JSON array. */
    @Column(name = "intermediate_json", nullable = false, length = 1_000_000)
    public String intermediateJson;

    /** How often {@link #intermediateJson} was written; readers compare it to see whether the curve changed. */
    @Column(name = "curve_writes", nullable = false)
    public long curveWrites;

    @Column(name = "trial_value")
    public Double value;

    /**
     * In a cross-validated study ({@link Study#folds}), each fold's objective value at its best epoch, JSON array in
     * fold order ({@link #value} is their mean); null otherwise.
     */
    @Column(name = "fold_values_json", length = 10_000)
    public String foldValuesJson;

    /** The study's second objective as measured on this completed trial (tuning.cost); null without one. */
    @Column(name = "trial_cost")
    public Double cost;

    @Column(length = 2000)
    public String error;

    /** Attempt that ran (or runs) the trial, from 1; more than 1 after a worker crashed or a retry. */
    @Column(nullable = false)
    public int attempt = 1;

    /** Identity of the worker that ran (or runs) the trial. */
    @Column(length = 200)
    public String worker;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;
}
