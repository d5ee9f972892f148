package dev.hone.registry.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A free-form key/value label on a model version. */
@Entity
@Table(name = "model_version_tag")
public class ModelVersionTag {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "model_version_id", nullable = false)
    public long modelVersionId;

    @Column(name = "tag_key", nullable = false, length = 100)
    public String key;

    @Column(name = "tag_value", nullable = false, length = 1000)
    public String value;
}
