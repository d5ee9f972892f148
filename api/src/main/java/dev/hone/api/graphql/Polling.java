package dev.hone.api.graphql;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * How subscriptions follow the database: a poll every half second on a worker thread (never on the
 * event loop), emitting what changed, until a poll sees the watched thing end (that poll's items
 * are still sent) or 24 hours pass.
 */
final class Polling {

    static final Duration EVERY = Duration.ofMillis(500);
    static final Duration AT_MOST = Duration.ofHours(24);

    /** One poll's result: the items to send and whether the watched thing has ended. */
    record Tick<T>(List<T> items, boolean ended) {
    }

    private Polling() {
    }

    static <T> Multi<T> until(Supplier<Tick<T>> poll) {
        AtomicBoolean ended = new AtomicBoolean();
        return Multi.createFrom().ticks().every(EVERY)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .select().first(tick -> !ended.get())
                .select().first(AT_MOST)
                .onItem().transformToIterable(tick -> {
                    Tick<T> t = poll.get();
                    ended.set(t.ended());
                    return t.items();
                });
    }
}
