package dev.hone.security.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Storage of audit events; only {@link AuditLog} uses it, and it only appends and reads. */
@ApplicationScoped
class AuditEventRepository implements PanacheRepository<AuditEvent> {
}
