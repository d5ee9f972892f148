package dev.hone.registry.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A movable name (production, staging, champion, ...) pointing at one version of a model. */
@Entity
@Table(name = "model_alias")
public class ModelAlias {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "model_id", nullable = false)
    public long modelId;

    @Column(nullable = false, length = 64)
    public String alias;

    @Column(name = "model_version_id", nullable = false)
    public long modelVersionId;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false, length = 100)
    public String updatedBy;
}
