package dev.hone.registry.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A named model; every training run that targets it adds a version. */
@Entity
@Table(name = "registered_model")
public class RegisteredModel {
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 100)
    public String name;

    @Column(length = 2000)
    public String description;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;
}
