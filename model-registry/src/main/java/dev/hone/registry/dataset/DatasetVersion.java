package dev.hone.registry.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One immutable upload of a data set: the file's artifact plus its profile. */
@Entity
@Table(name = "dataset_version")
public class DatasetVersion {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "dataset_id")
    public Dataset dataset;

    @Column(nullable = false)
    public int version;

    @Column(name = "artifact_sha", nullable = false, length = 64)
    public String artifactSha;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "row_count", nullable = false)
    public long rowCount;

    @Column(name = "column_count", nullable = false)
    public int columnCount;

    /** The data profile (types, missing values, statistics) as JSON; unbounded (10,000 columns pass 1 MB). */
    @Column(name = "profile_json", nullable = false)
    public String profileJson;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;
}
