package dev.hone.api.graphql;

import dev.hone.api.graphql.Types.PageInfo;
import dev.hone.security.audit.AuditEvent;
import dev.hone.security.audit.AuditLog;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** The audit log, for administrators. It can be read, never changed. */
@GraphQLApi
@ApplicationScoped
public class AuditGraphQL {

    @Inject
    Paging paging;

    private final AuditLog audit;

    public AuditGraphQL(AuditLog audit) {
        this.audit = audit;
    }

    @Name("AuditEvent")
    @Description("One state-changing call, allowed or refused")
    public record AuditEventView(@Id long id, @NonNull Instant occurredAt, @NonNull String actor,
            @NonNull List<@NonNull String> roles, @NonNull String operation,
            @Description("The call's arguments as JSON, secrets left out") String target,
            @Description("SUCCEEDED, DENIED or FAILED") @NonNull String outcome, String detail,
            @NonNull String requestId) {
        static AuditEventView of(AuditEvent e) {
            return new AuditEventView(e.id, e.occurredAt, e.actor,
                    e.roles.isEmpty() ? List.of() : List.of(e.roles.split(",")), e.operation, e.target, e.outcome,
                    e.detail, e.requestId);
        }
    }

    @Name("AuditEventPage")
    public record AuditEventPage(@NonNull List<@NonNull AuditEventView> items, @NonNull PageInfo pageInfo) {
    }

    @Query("auditEvents")
    @Description("Audit events, newest first, filtered by actor, operation (e.g. startRun) and outcome")
    @RequiresPermission(Permission.READ_AUDIT)
    public @NonNull AuditEventPage auditEvents(String actor, String operation, AuditLog.Outcome outcome,
            @DefaultValue("0") int page, @DefaultValue("20") int size) {
        paging.check(page, size);
        return new AuditEventPage(audit.search(actor, operation, outcome, page, size).stream()
                .map(AuditEventView::of).toList(),
                new PageInfo(page, size, audit.count(actor, operation, outcome)));
    }
}
