package dev.hone.registry.deploy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A canary rollout of a version on a deployment, as its workflow records it. */
@Entity
@Table(name = "rollout")
public class Rollout {

    /** Statuses of a rollout in flight. */
    public static final java.util.Set<String> IN_FLIGHT = java.util.Set.of("RUNNING", "PAUSED", "AWAITING_APPROVAL");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, length = 100)
    public String deployment;

    @Column(name = "canary_version_id", nullable = false)
    public long canaryVersionId;

    @Column(name = "stable_version_id", nullable = false)
    public long stableVersionId;

    /** RUNNING, PAUSED, AWAITING_APPROVAL, PROMOTED, ROLLED_BACK, ABORTED, FAILED or INTERRUPTED. */
    @Column(nullable = false, length = 30)
    public String status;

    /** Why it ended as it did (a failed analysis, who aborted), or null. */
    @Column(length = 4000)
    public String reason;

    /** The workflow's state (steps, analyses), as JSON. */
    @Column(name = "state_json", nullable = false, length = 200_000)
    public String stateJson;

    @Column(name = "workflow_id", nullable = false, length = 200)
    public String workflowId;

    @Column(name = "started_by", nullable = false, length = 100)
    public String startedBy;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** When its roll-back took the canary out (set before the rollout is recorded ended), or null. */
    @Column(name = "rolled_back_at")
    public Instant rolledBackAt;
}
