package dev.hone.registry.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.registry.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed on the real database, with changes written over a connection of their own, as
 * another Hone process would write them: a cached value is dropped once a change to its table
 * commits, and only then; a value read while a change commits is never kept; after losing its
 * connection the feed serves nothing from caches until it listens again.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class ChangeFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    ChangeFeed feed;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    private ChangeFeed.Cache<String, String> cache;
    private final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void liveCache() {
        cache = feed.cache(Set.of("registered_model"), 100);
        awaitTrue(feed::live, "the feed listens");
    }

    private String read() {
        reads.incrementAndGet();
        return "value-" + reads.get();
    }

    @Test
    void aCommittedChangeElsewhereDropsWhatWasCachedFromItsTable() throws Exception {
        assertThat(cache.get("k", this::read)).isEqualTo("value-1");
        assertThat(cache.get("k", this::read)).as("kept").isEqualTo("value-1");

        long heard = feed.heard();
        execute("update model_alias set alias = alias where false");
        awaitTrue(() -> feed.heard() > heard, "the alias table's change is heard");
        assertThat(cache.get("k", this::read)).as("another table's change keeps it").isEqualTo("value-1");

        long heardAlias = feed.heard();
        insertModel();
        awaitTrue(() -> feed.heard() > heardAlias, "the insert is heard");
        assertThat(cache.get("k", this::read)).as("dropped after a change commits").isEqualTo("value-2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void aRolledBackChangeIsNotHeard() throws Exception {
        cache.get("k", this::read);
        long heard = feed.heard();
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate(insertModelSql());
            }
            c.rollback();
        }
        // A later committed change to another table: its notification comes after the rolled-back one would have.
        execute("update model_alias set alias = alias where false");
        awaitTrue(() -> feed.heard() > heard, "the later change is heard");
        assertThat(feed.heard()).isEqualTo(heard + 1);
        assertThat(cache.get("k", this::read)).isEqualTo("value-1");
    }

    @Test
    void aValueReadWhileAChangeCommitsIsNotKept() {
        long heard = feed.heard();
        String value = cache.get("k", () -> {
            String v = read();
            insertModel();
            awaitTrue(() -> feed.heard() > heard, "the insert is heard");
            return v;
        });
        assertThat(value).isEqualTo("value-1");
        assertThat(cache.size()).as("what was read before the change is stale").isZero();
        assertThat(cache.get("k", this::read)).isEqualTo("value-2");
        assertThat(cache.get("k", this::read)).isEqualTo("value-2");
    }

    @Test
    void withoutItsConnectionNothingIsServedFromTheCacheUntilItListensAgain() throws Exception {
        cache.get("k", this::read);
        assertThat(cache.size()).isEqualTo(1);
        execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'hone-change-feed'");
        awaitTrue(() -> !feed.live(), "the feed notices the lost connection");
        assertThat(cache.size()).isZero();
        String whileDown = cache.get("k", this::read);
        awaitTrue(feed::live, "the feed listens again");
        String after = cache.get("k", this::read);
        assertThat(after).isNotEqualTo(whileDown);
        assertThat(cache.get("k", this::read)).as("kept again once listening").isEqualTo(after);
    }

    private void insertModel() {
        try {
            execute(insertModelSql());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String insertModelSql() {
        return "insert into registered_model (name, created_at, created_by) values ('feed-" + UUID.randomUUID()
                + "', now(), 'test')";
    }

    private void execute(String statements) throws SQLException {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }

    private Connection connection() throws SQLException {
        return DriverManager.getConnection(url, user, null);
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + WAIT + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
