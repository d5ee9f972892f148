package dev.hone.registry.tuning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A hyperparameter study of one run attempt. */
@Entity
@Table(name = "study")
public class Study {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id", nullable = false)
    public long runId;

    @Column(nullable = false)
    public int attempt;

    @Column(nullable = false, length = 20)
    public String sampler;

    @Column(nullable = false, length = 20)
    public String pruner;

    @Column(nullable = false, length = 100)
    public String objective;

    @Column(nullable = false, length = 10)
    public String direction;

    @Column(name = "max_trials", nullable = false)
    public int maxTrials;

    @Column(nullable = false)
    public int parallelism;

    /** The study as requested (space, sampler and pruner settings), JSON. */
    @Column(name = "spec_json", nullable = false, length = 100_000)
    public String specJson;

    /** Training settings for everything the space does not search, JSON. */
    @Column(name = "base_settings_json", nullable = false, length = 100_000)
    public String baseSettingsJson;

    @Column(nullable = false)
    public long seed;

    /** Training rows each trial trained on when the study used a sample; null: every row. */
    @Column(name = "sample_rows")
    public Integer sampleRows;

    /** The sample's artifact (a table file), when the study used one. */
    @Column(name = "sample_artifact", length = 64)
    public String sampleArtifact;

    /**
     * Folds each trial is cross-validated on (training and validation rows together, dealt by
     * {@link #seed}); null: trials are scored on the validation split.
     */
    public Integer folds;

    /**
     * RUNNING, COMPLETED or FAILED; CANCELLED or INTERRUPTED (or FAILED) when its run ended that way
     * before the study finished.
     */
    @Column(nullable = false, length = 20)
    public String status;

    /**
     * The trial its run trains, set when the study finishes: the best completed trial on the objective (in a
     * cross-validated study, trial 0 unless the best one's lead over it is clear on the folds), or in a study with
     * a cost and a cost tolerance the cheapest within that tolerance of it ({@link StudyService#finish(long,
     * Double)}).
     */
    @Column(name = "best_trial")
    public Integer bestTrial;

    /** {@link #bestTrial}'s objective. */
    @Column(name = "best_value")
    public Double bestValue;

    /** Why the study chose {@link #bestTrial}, in a sentence; set when it finishes (null before this was kept). */
    @Column(length = 2000)
    public String choice;

    /** The earlier study of the same model this one was warm-started from, or null. */
    @Column(name = "warm_start_study_id")
    public Long warmStartStudyId;

    /** The configurations (a JSON list of parameter maps, best first) this study tries first, or null. */
    @Column(name = "warm_start_json", length = 100_000)
    public String warmStartJson;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "ended_at")
    public Instant endedAt;
}
