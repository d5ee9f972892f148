package dev.hone.registry.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/** A named data set; its content lives in versions. */
@Entity
@Table(name = "dataset")
public class Dataset {
    /** Names become part of URLs and keys: a conservative alphabet, no path separators. */
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Pattern(regexp = NAME_PATTERN)
    @Column(nullable = false, unique = true, length = 100)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;
}
