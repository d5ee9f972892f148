package dev.hone.api.graphql;

import dev.hone.registry.worker.WorkerProcess;
import dev.hone.registry.worker.WorkerRegistry;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** The processes that poll the workflow service, as they report themselves: what runs can be routed to. */
@GraphQLApi
@ApplicationScoped
public class WorkerGraphQL {

    private final WorkerRegistry workers;

    public WorkerGraphQL(WorkerRegistry workers) {
        this.workers = workers;
    }

    @Name("WorkerProcess")
    @Description("A process polling the workflow service: a server (the control queue), a worker, or an embedded"
            + " process")
    public record WorkerProcessView(@Description("pid@host") @NonNull String identity,
            @Description("The task queues it polls") @NonNull List<@NonNull String> queues,
            @Description("Compute activities it runs at once") int computeConcurrency,
            @NonNull Instant startedAt,
            @Description("Its last report; a process reports every 15 s and counts as gone 45 s after the last")
            @NonNull Instant seenAt) {
        static WorkerProcessView of(WorkerProcess p) {
            return new WorkerProcessView(p.identity, List.of(p.queues.split(",")), p.computeConcurrency, p.startedAt,
                    p.seenAt);
        }
    }

    @Query("workerProcesses")
    @Description("The processes polling the workflow service now, longest-running first")
    @RequiresPermission(Permission.READ)
    public @NonNull List<@NonNull WorkerProcessView> workerProcesses() {
        return workers.live().stream().map(WorkerProcessView::of).toList();
    }
}
