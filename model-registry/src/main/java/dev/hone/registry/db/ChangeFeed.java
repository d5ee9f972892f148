package dev.hone.registry.db;

import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Committed changes to the tables that the prediction path keeps in memory, as PostgreSQL announces
 * them (migration V20: a trigger per table notifies {@value #CHANNEL} with the table's name). One
 * connection of its own LISTENs; every process that uses a {@link Cache} hears every other process's
 * changes, so a cached alias, version or user is dropped as soon as a change to it commits anywhere.
 *
 * <p>While the feed is not listening (before its first connection, or after losing it until it has
 * listened again) nothing is served from a cache: each lookup goes to the database. Reconnecting
 * empties every cache, since changes made meanwhile were not heard.
 */
@ApplicationScoped
public class ChangeFeed {

    /** The notification channel of migration V20. */
    public static final String CHANNEL = "hone_changes";

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);
    /** How often the listening connection is asked to answer. */
    private static final Duration CHECK = Duration.ofSeconds(5);

    private final String url;
    private final String user;
    private final Optional<String> password;
    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong heard = new AtomicLong();
    private volatile boolean live;
    private volatile boolean stopping;
    private volatile Connection connection;
    private Thread listener;

    private final TransactionSynchronizationRegistry transactions;

    public ChangeFeed(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            TransactionSynchronizationRegistry transactions) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.transactions = transactions;
    }

    /**
     * Tells this process's caches at once that the current transaction changes {@code table}: they
     * drop what they hold now and again when it commits, so the writer's own next request never sees
     * the old row (other processes hear the change through the feed, milliseconds later).
     */
    public void changedHere(String table) {
        publish(table);
        if (transactions.getTransactionKey() != null) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    publish(table);
                }
            });
        }
    }

    /** Whether changes are being heard now: only then may a cache answer without the database. */
    public boolean live() {
        return live;
    }

    /**
     * Notifications heard so far (each a committed transaction's change to one table); counted
     * after the caches have dropped what they changed.
     */
    public long heard() {
        return heard.get();
    }

    /**
     * A cache of values read from {@code tables}, emptied when any of them changes. It holds at
     * most {@code maxEntries} values (beyond that it starts again empty).
     */
    public <K, V> Cache<K, V> cache(Set<String> tables, int maxEntries) {
        Cache<K, V> cache = new Cache<>(this, Set.copyOf(tables), maxEntries);
        subscribers.add(cache::changed);
        start();
        return cache;
    }

    private synchronized void start() {
        if (listener == null && !stopping) {
            listener = Thread.ofPlatform().daemon().name("hone-change-feed").start(this::listen);
        }
    }

    private void listen() {
        Duration pause = Duration.ofMillis(100);
        while (!stopping) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                connection = c;
                s.execute("LISTEN " + CHANNEL);
                // Whatever changed before this LISTEN was not heard.
                publish(null);
                live = true;
                pause = Duration.ofMillis(100);
                PGConnection pg = c.unwrap(PGConnection.class);
                long checked = System.nanoTime();
                while (!stopping) {
                    PGNotification[] notes = pg.getNotifications((int) POLL.toMillis());
                    if (notes != null && notes.length > 0) {
                        Set<String> tables = new HashSet<>();
                        for (PGNotification n : notes) {
                            tables.add(n.getParameter());
                        }
                        tables.forEach(this::publish);
                        heard.addAndGet(notes.length);
                    }
                    // A connection that died without a word (no reset) would otherwise look quiet forever.
                    if (System.nanoTime() - checked > CHECK.toNanos()) {
                        if (!c.isValid((int) CHECK.toSeconds())) {
                            throw new SQLException("the listening connection no longer answers");
                        }
                        checked = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                boolean wasLive = live;
                live = false;
                publish(null);
                if (!stopping) {
                    if (wasLive) {
                        Log.warnf("Lost the database change feed (%s); predictions read the registry until it is back",
                                e.getMessage());
                    }
                    try {
                        Thread.sleep(pause.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                    pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
                }
            } finally {
                live = false;
                connection = null;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", "hone-change-feed");
        Connection c = new org.postgresql.Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL URL: " + url);
        }
        c.setAutoCommit(true);
        return c;
    }

    private void publish(String table) {
        for (Consumer<String> s : subscribers) {
            s.accept(table);
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        live = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing is all that is left to do
            }
        }
        Thread t = listener;
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * Values read from some tables, kept until one of those tables changes. A value read while a
     * change commits is not kept: {@link #get} compares a generation taken before reading with the
     * one after storing, so it never keeps what a change heard meanwhile has made stale.
     */
    public static final class Cache<K, V> {
        private final ChangeFeed feed;
        private final Set<String> tables;
        private final int maxEntries;
        private final Map<K, V> values = new ConcurrentHashMap<>();
        private final AtomicLong generation = new AtomicLong();

        private Cache(ChangeFeed feed, Set<String> tables, int maxEntries) {
            this.feed = feed;
            this.tables = tables;
            this.maxEntries = maxEntries;
        }

        /** The value for {@code key}: kept, or read by {@code read} (a null read is not kept). */
        public V get(K key, Supplier<V> read) {
            if (!feed.live()) {
                return read.get();
            }
            V kept = values.get(key);
            if (kept != null) {
                return kept;
            }
            long before = generation.get();
            V value = read.get();
            if (value != null) {
                if (values.size() >= maxEntries) {
                    values.clear();
                }
                values.put(key, value);
                if (generation.get() != before || !feed.live()) {
                    values.remove(key, value);
                }
            }
            return value;
        }

        /** Values kept now. */
        public int size() {
            return values.size();
        }

        /** A change to {@code table} committed, or (null) changes may have been missed. */
        void changed(String table) {
            if (table == null || tables.contains(table)) {
                generation.incrementAndGet();
                values.clear();
            }
        }
    }
}
