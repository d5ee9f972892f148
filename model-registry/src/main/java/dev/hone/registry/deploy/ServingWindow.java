package dev.hone.registry.deploy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What one serving process saw of one deployed version since its previous write. */
@Entity
@Table(name = "serving_window")
public class ServingWindow {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 100)
    public String deployment;

    @Column(name = "version_id", nullable = false)
    public long versionId;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(nullable = false, length = 200)
    public String process;

    @Column(nullable = false)
    public long requests;

    @Column(nullable = false)
    public long errors;

    /** Answered requests per latency bucket ({@link ServingWindowService#LATENCY_BOUNDS_MILLIS}), a JSON array. */
    @Column(name = "latency_json", nullable = false, length = 2000)
    public String latencyJson;

    /** Ground truths received for this version's earlier predictions. */
    @Column(nullable = false)
    public long feedback;

    /** Of those, the ones a classifier had predicted right. */
    @Column(name = "feedback_correct", nullable = false)
    public long feedbackCorrect;

    /** Of those, a regressor's summed squared error. */
    @Column(name = "feedback_squared_error", nullable = false)
    public double feedbackSquaredError;

    /** Rows per predicted label (a classifier's), a JSON object. */
    @Column(name = "labels_json", nullable = false, length = 100_000)
    public String labelsJson;

    /**
     * The version whose passport drift baselines {@link #outputBinsJson} and {@link #inputBinsJson} count in (the
     * deployment's canary while it had one, else its stable version); null when that version has no passport.
     */
    @Column(name = "reference_version_id")
    public Long referenceVersionId;

    /** Predictions per bin of the reference's output baseline (its bins, then the missing bin), a JSON array. */
    @Column(name = "output_bins_json", length = 20_000)
    public String outputBinsJson;

    /** Rows per bin of the reference's baseline of each input column, a JSON object of arrays. */
    @Column(name = "input_bins_json", length = 1_000_000)
    public String inputBinsJson;
}
