package dev.hone.registry.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which processes poll which task queues. Each process reports itself at start and then every
 * {@link #BEAT} while its workers poll, and takes itself out when it stops; a process killed without
 * a word counts as gone once {@link #LIVE_WITHIN} has passed since its last report.
 */
@ApplicationScoped
public class WorkerRegistry {

    /** How often a process reports itself. */
    public static final Duration BEAT = Duration.ofSeconds(15);
    /** A process counts as polling while its last report is at most this old. */
    public static final Duration LIVE_WITHIN = Duration.ofSeconds(45);

    /** Records that {@code identity} polls {@code queues} now. */
    @Transactional
    public void beat(String identity, List<String> queues, int computeConcurrency) {
        Instant now = Instant.now();
        WorkerProcess p = WorkerProcess.findById(identity);
        if (p == null) {
            p = new WorkerProcess();
            p.identity = identity;
            p.startedAt = now;
        }
        p.queues = String.join(",", queues);
        p.computeConcurrency = computeConcurrency;
        p.seenAt = now;
        p.persist();
    }

    /** Takes a stopping process out. */
    @Transactional
    public void leave(String identity) {
        WorkerProcess.deleteById(identity);
    }

    /** The processes that poll now, longest-running first. */
    @Transactional
    public List<WorkerProcess> live() {
        return WorkerProcess.list("seenAt >= ?1 order by startedAt", Instant.now().minus(LIVE_WITHIN));
    }

    /** The processes that poll {@code queue} now, longest-running first. */
    public List<WorkerProcess> polling(String queue) {
        return live().stream().filter(p -> List.of(p.queues.split(",")).contains(queue)).toList();
    }

    /** Forgets processes not seen for a day (killed ones never take themselves out). */
    @Transactional
    public long forgetGone() {
        return WorkerProcess.delete("seenAt < ?1", Instant.now().minus(Duration.ofDays(1)));
    }
}
