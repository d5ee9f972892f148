package dev.hone.registry.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An immutable model version with its lineage: the data set version it learned from, the run
 * that produced it, and the artifacts needed to use it (fitted transform and weights).
 */
@Entity
@Table(name = "model_version")
public class ModelVersion {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "model_id")
    public RegisteredModel model;

    @Column(nullable = false)
    public int version;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public ModelVersionStatus status;

    @Column(nullable = false, length = 20)
    public String task;

    /**
     * The kind of model, by the name of a {@code dev.hone.ml.servable.ModelKind} constant (FLOAT_MLP,
     * ...), which decides how {@link #parametersJson} and the {@link #weightsSha} artifact are read.
     * Kept as its name because the registry may not depend on {@code ml} (ARCHITECTURE.md section
     * 3); readers parse it with {@code ModelKind.parse}, which refuses a kind this release does not
     * know (say, one registered by a newer release) by name.
     */
    @Column(nullable = false, length = 40)
    public String kind;

    /** The model's descriptor, JSON: for a float MLP its resolved training configuration and layer sizes. */
    @Column(name = "parameters_json", nullable = false, length = 100_000)
    public String parametersJson;

    /** Test-split metrics, JSON object of numbers. */
    @Column(name = "metrics_json", nullable = false, length = 100_000)
    public String metricsJson;

    @Column(name = "validation_metrics_json", nullable = false, length = 100_000)
    public String validationMetricsJson;

    /** Input columns the model expects, with their types, JSON. */
    @Column(name = "input_signature_json", nullable = false, length = 1_000_000)
    public String inputSignatureJson;

    @Column(name = "class_labels_json", nullable = false, length = 1_000_000)
    public String classLabelsJson;

    @Column(name = "run_id", nullable = false)
    public long runId;

    /** The attempt of the run that registered this version: each attempt registers at most one. */
    @Column(name = "run_attempt", nullable = false)
    public int runAttempt = 1;

    @Column(name = "dataset_version_id", nullable = false)
    public long datasetVersionId;

    /** The hyperparameter study that chose this version's settings, when there was one. */
    @Column(name = "study_id")
    public Long studyId;

    @Column(name = "transform_sha", nullable = false, length = 64)
    public String transformSha;

    /** The model's artifact, in the format of its {@link #kind}. */
    @Column(name = "weights_sha", nullable = false, length = 64)
    public String weightsSha;

    /**
     * The temperature the served class probabilities are scaled by ({@code softmax(log p / T)}), fitted by the
     * validation stage on the validation rows; null to serve them as the model computes them.
     */
    @Column(name = "temperature")
    public Double temperature;

    @Enumerated(EnumType.STRING)
    @Column(name = "approval_status", nullable = false, length = 20)
    public ApprovalStatus approvalStatus = ApprovalStatus.PENDING;

    @Column(name = "approved_by", length = 100)
    public String approvedBy;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Column(name = "approval_comment", length = 2000)
    public String approvalComment;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;

    /**
     * Why this version may not answer predictions, or null when it may. Only READY versions serve
     * (not, say, the version of a withdrawn run), and never a REJECTED one.
     */
    public String servingRefusal() {
        String name = "Version " + version + " of model '" + model.name + "'";
        if (approvalStatus == ApprovalStatus.REJECTED) {
            return name + " was REJECTED by " + approvedBy + (approvalComment == null ? "" : " (\"" + approvalComment
                    + "\")") + ", and rejected versions are never served";
        }
        if (status != ModelVersionStatus.READY) {
            return name + " is " + status + "; only READY versions are served";
        }
        return null;
    }
}
