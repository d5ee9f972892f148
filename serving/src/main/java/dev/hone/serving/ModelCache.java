package dev.hone.serving;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Loaded models by key, least recently used first out, handed out as leases.
 *
 * <p>Rules:
 * <ul>
 *   <li>A key is loaded once, however many callers ask for it at the same moment: the first caller
 *       loads, the others wait for its result. A failed load is not kept, so a later call tries
 *       again; every caller waiting on it gets the failure.</li>
 *   <li>Loading a model does not hold up callers of other keys: the cache's lock is held only to
 *       look up and count, never while loading or predicting.</li>
 *   <li>Past {@code capacity} keys the least recently used one is evicted: removed at once (the
 *       next call loads it afresh), but closed only when the last lease on it is released. A model
 *       is never closed under a caller. While every model is leased the cache may hold more than
 *       {@code capacity} models for as long as the leases last.</li>
 * </ul>
 *
 * @param <K> key, e.g. a model version id
 * @param <V> what is loaded: closed when evicted and no longer leased
 */
final class ModelCache<K, V extends AutoCloseable> implements AutoCloseable {

    // JBoss Logging rather than io.quarkus.logging.Log: the cache also runs in plain unit tests.
    private static final Logger LOG = Logger.getLogger(ModelCache.class);

    private final int capacity;
    /** Guarded by itself. Access order: the eldest entry is the least recently used. */
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;
    private long loads;
    private long evictions;
    private long closes;
    private long closesOnRelease;

    ModelCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("The model cache must hold at least one model, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Counts since the cache was made: how often a model was loaded, evicted and closed, and how many
     * of those closes waited for the last lease of a model evicted while in use.
     */
    record Stats(int resident, long loads, long evictions, long closes, long closesOnRelease) {
    }

    /** A loaded value held for use: release it (close the lease) when done. Not thread-safe itself. */
    final class Lease implements AutoCloseable {
        private final Entry<V> entry;
        private boolean released;

        private Lease(Entry<V> entry) {
            this.entry = entry;
        }

        V value() {
            if (released) {
                throw new IllegalStateException("The lease was released");
            }
            return entry.value.join();
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(entry);
            }
        }
    }

    private static final class Entry<V> {
        final CompletableFuture<V> value = new CompletableFuture<>();
        /** Callers holding or waiting for the value, the loader included. Guarded by the cache. */
        int leases;
        /** No longer in the cache: close once {@code leases} reaches 0. Guarded by the cache. */
        boolean evicted;
    }

    /**
     * Leases the value for {@code key}, loading it with {@code loader} if no one has.
     *
     * @throws RuntimeException what the loader threw (to every caller waiting on that load)
     */
    Lease acquire(K key, Supplier<V> loader) {
        Entry<V> entry;
        boolean load;
        List<Entry<V>> toClose;
        synchronized (entries) {
            if (closed) {
                throw new IllegalStateException("The model cache is closed");
            }
            entry = entries.get(key);
            load = entry == null;
            if (load) {
                entry = new Entry<>();
                entries.put(key, entry);
                loads++;
            }
            entry.leases++;
            toClose = evictBeyondCapacity(entry);
        }
        closeAll(toClose);
        if (load) {
            try {
                entry.value.complete(loader.get());
            } catch (RuntimeException | Error e) {
                entry.value.completeExceptionally(e);
                synchronized (entries) {
                    entries.remove(key, entry);
                    entry.evicted = true;
                }
            }
        }
        try {
            entry.value.join();
        } catch (CompletionException e) {
            release(entry);
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
        return new Lease(entry);
    }

    /** Removes least recently used entries past capacity; returns those to close now. Holds the lock. */
    private List<Entry<V>> evictBeyondCapacity(Entry<V> keep) {
        List<Entry<V>> toClose = new ArrayList<>();
        Iterator<Entry<V>> eldest = entries.values().iterator();
        while (entries.size() > capacity && eldest.hasNext()) {
            Entry<V> e = eldest.next();
            if (e == keep) {
                continue;
            }
            eldest.remove();
            e.evicted = true;
            evictions++;
            if (e.leases == 0) {
                toClose.add(e);
            }
        }
        return toClose;
    }

    private void release(Entry<V> entry) {
        boolean close;
        synchronized (entries) {
            entry.leases--;
            close = entry.evicted && entry.leases == 0;
            if (close && loaded(entry)) {
                closesOnRelease++;
            }
        }
        if (close) {
            closeAll(List.of(entry));
        }
    }

    /** Closes loaded values; a failed load has nothing to close. Called without the lock. */
    private void closeAll(List<Entry<V>> toClose) {
        for (Entry<V> e : toClose) {
            if (!loaded(e)) {
                continue;
            }
            V value = e.value.join();
            try {
                value.close();
            } catch (Exception ex) {
                LOG.warnf(ex, "Closing an evicted model failed");
            }
            synchronized (entries) {
                closes++;
            }
        }
    }

    private static boolean loaded(Entry<?> e) {
        return e.value.isDone() && !e.value.isCompletedExceptionally();
    }

    Stats stats() {
        synchronized (entries) {
            return new Stats(entries.size(), loads, evictions, closes, closesOnRelease);
        }
    }

    /** Evicts everything: idle models close now, leased ones when their last lease is released. */
    @Override
    public void close() {
        List<Entry<V>> toClose = new ArrayList<>();
        synchronized (entries) {
            closed = true;
            for (Entry<V> e : entries.values()) {
                e.evicted = true;
                if (e.leases == 0) {
                    toClose.add(e);
                }
            }
            entries.clear();
        }
        closeAll(toClose);
    }
}
