package dev.hone.registry.run;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One start of a run: attempt 1 is the first start, each restart adds the next. */
@Entity
@Table(name = "run_attempt")
public class RunAttempt {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id", nullable = false)
    public long runId;

    @Column(nullable = false)
    public int attempt;

    @Column(name = "started_by", nullable = false, length = 100)
    public String startedBy;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
}
