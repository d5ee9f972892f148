package dev.hone.api.runtime;

import dev.hone.registry.worker.WorkerRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reports this process's task queues to the registry while its workers poll ({@link WorkerRegistry}),
 * so that runs are routed to queues someone polls and say when none does.
 */
@ApplicationScoped
public class WorkerPresence {

    private final WorkerRegistry registry;
    private ScheduledExecutorService beats;
    private String identity;

    public WorkerPresence(WorkerRegistry registry) {
        this.registry = registry;
    }

    /** Starts reporting {@code queues} under {@code identity} until {@link #leave()}. */
    synchronized void join(String identity, List<String> queues, int computeConcurrency) {
        this.identity = identity;
        beats = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("hone-worker-presence").unstarted(r));
        beats.execute(() -> {
            try {
                registry.forgetGone();
            } catch (RuntimeException e) {
                Log.debugf(e, "Could not forget the worker processes gone for a day");
            }
        });
        beats.scheduleAtFixedRate(() -> {
            try {
                registry.beat(identity, queues, computeConcurrency);
            } catch (RuntimeException e) {
                // The database may be away for a moment; the next beat tries again.
                Log.warnf("Could not report this worker process to the registry: %s", e.getMessage());
            }
        }, 0, WorkerRegistry.BEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops reporting and takes this process out. */
    synchronized void leave() {
        if (beats == null) {
            return;
        }
        beats.shutdownNow();
        try {
            // A report under way must not put the process back after it was taken out.
            beats.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        beats = null;
        try {
            registry.leave(identity);
        } catch (RuntimeException e) {
            Log.warnf("Could not take this worker process out of the registry (it ages out in %d s): %s",
                    WorkerRegistry.LIVE_WITHIN.toSeconds(), e.getMessage());
        }
    }
}
