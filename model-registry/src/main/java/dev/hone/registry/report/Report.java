package dev.hone.registry.report;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A stored report: its kind, the schema version of its content, what it is about (a run, and the
 * model version when it is about a model) and its content artifact. Never changed once written.
 */
@Entity
@Table(name = "report")
public class Report {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The name of an {@code dev.hone.ml.report.ReportKind} (the registry may not depend on ml). */
    @Column(nullable = false, length = 40)
    public String kind;

    @Column(name = "schema_version", nullable = false)
    public int schemaVersion;

    @Column(name = "run_id", nullable = false)
    public long runId;

    /** The version the report is about, or null when it is about the run's data. */
    @Column(name = "model_version_id")
    public Long modelVersionId;

    @Column(name = "artifact_sha", nullable = false, length = 64)
    public String artifactSha;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
