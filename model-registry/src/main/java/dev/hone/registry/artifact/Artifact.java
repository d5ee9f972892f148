package dev.hone.registry.artifact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An immutable blob in the artifact store, named by the SHA-256 of its content. */
@Entity
@Table(name = "artifact")
public class Artifact {
    @Id
    @Column(name = "sha256", length = 64)
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(name = "media_type", nullable = false, length = 100)
    public String mediaType;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
