package dev.hone.registry.worker;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A process polling the workflow service, as it last reported itself. */
@Entity
@Table(name = "worker_process")
public class WorkerProcess extends PanacheEntityBase {

    /** {@code pid@host}, as the process's workers identify themselves to the workflow service. */
    @Id
    @Column(length = 300)
    public String identity;

    /** The task queues it polls, comma-separated. */
    @Column(nullable = false, length = 1000)
    public String queues;

    @Column(name = "compute_concurrency", nullable = false)
    public int computeConcurrency;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "seen_at", nullable = false)
    public Instant seenAt;
}
