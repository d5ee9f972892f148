package dev.hone.security.audit;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The audit log. It only appends and reads: there is deliberately no way to change or delete an
 * event through the application.
 */
@ApplicationScoped
public class AuditLog {

    private final AuditEventRepository events;

    public AuditLog(AuditEventRepository events) {
        this.events = events;
    }

    /** Outcomes of an audited call. */
    public enum Outcome {
        SUCCEEDED,
        DENIED,
        FAILED
    }

    /**
     * Appends an event in its own transaction, so a refused or failed call is recorded even when
     * the call's own work is rolled back.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public AuditEvent append(String actor, Collection<String> roles, String operation, String target,
            Outcome outcome, String detail, String requestId) {
        AuditEvent e = new AuditEvent();
        e.occurredAt = Instant.now();
        e.actor = truncate(actor, 100);
        e.roles = truncate(String.join(",", roles.stream().sorted().toList()), 500);
        e.operation = truncate(operation, 100);
        e.target = truncate(target, 2000);
        e.outcome = outcome.name();
        e.detail = truncate(detail, 2000);
        e.requestId = truncate(requestId, 64);
        events.persist(e);
        return e;
    }

    /** Events, newest first, filtered by any of actor, operation and outcome. */
    @Transactional
    public List<AuditEvent> search(String actor, String operation, Outcome outcome, int page, int size) {
        Query q = query(actor, operation, outcome);
        return events.find(q.where + " order by id desc", q.params).page(Page.of(page, size)).list();
    }

    @Transactional
    public long count(String actor, String operation, Outcome outcome) {
        Query q = query(actor, operation, outcome);
        return events.count(q.where, q.params);
    }

    private record Query(String where, Parameters params) {
    }

    private static Query query(String actor, String operation, Outcome outcome) {
        List<String> clauses = new ArrayList<>(List.of("1 = 1"));
        Parameters p = new Parameters();
        if (actor != null) {
            clauses.add("actor = :actor");
            p = p.and("actor", actor);
        }
        if (operation != null) {
            clauses.add("operation = :operation");
            p = p.and("operation", operation);
        }
        if (outcome != null) {
            clauses.add("outcome = :outcome");
            p = p.and("outcome", outcome.name());
        }
        return new Query(String.join(" and ", clauses), p);
    }

    /**
     * Cut to the column's size. A NUL character, which PostgreSQL cannot store in text, becomes
     * U+FFFD: a refused request that carried one must still be recorded, not fail the recording.
     */
    private static String truncate(String s, int max) {
        String storable = s == null ? null : s.replace('\u0000', '\uFFFD');
        return storable == null || storable.length() <= max ? storable : storable.substring(0, max - 1) + "…";
    }
}
