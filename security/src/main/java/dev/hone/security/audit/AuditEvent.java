package dev.hone.security.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One state-changing call: who, what, on what, with which outcome. Written once, never changed. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(nullable = false, length = 100)
    public String actor;

    /** Comma-separated role names the actor held. */
    @Column(nullable = false, length = 500)
    public String roles;

    @Column(nullable = false, length = 100)
    public String operation;

    @Column(length = 2000)
    public String target;

    /** SUCCEEDED, DENIED or FAILED. */
    @Column(nullable = false, length = 20)
    public String outcome;

    @Column(length = 2000)
    public String detail;

    @Column(name = "request_id", nullable = false, length = 64)
    public String requestId;
}
