package dev.hone.registry.deploy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * The versions of one model that answer requests sent to a name: a stable version, optionally a
 * canary taking a share of the requests (by caller when sticky), optionally a shadow that gets a
 * copy of each request and answers nobody.
 */
@Entity
@Table(name = "deployment")
public class Deployment {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true, length = 100)
    public String name;

    @Column(name = "model_id", nullable = false)
    public long modelId;

    @Column(name = "stable_version_id", nullable = false)
    public long stableVersionId;

    @Column(name = "canary_version_id")
    public Long canaryVersionId;

    /** Share of requests the canary answers, 0 to 100. */
    @Column(name = "canary_percent", nullable = false)
    public double canaryPercent;

    /** Whether each caller always gets the same version (callers on the canary stay on it as its share grows). */
    @Column(nullable = false)
    public boolean sticky;

    @Column(name = "shadow_version_id")
    public Long shadowVersionId;

    /** Requests a second each caller may send on average (null: only the installation's prediction limit). */
    @Column(name = "rate_per_second")
    public Double ratePerSecond;

    /** Requests a caller may send at once before {@link #ratePerSecond} applies. */
    @Column
    public Double burst;

    /** Whether answers give labels only, never class probabilities, whoever calls. */
    @Column(name = "labels_only", nullable = false)
    public boolean labelsOnly;

    /** Changes with every update: two writers never both win. */
    @Version
    @Column(nullable = false)
    public long revision;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false, length = 100)
    public String updatedBy;
}
