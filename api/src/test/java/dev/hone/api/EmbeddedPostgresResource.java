package dev.hone.api;

import dev.hone.registry.db.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every {@code @QuarkusTest} runs on the database Hone runs on: the embedded PostgreSQL, started
 * once per test JVM on a fresh data directory under {@code target/}, unless {@code HONE_DB_URL}
 * names an external PostgreSQL.
 */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target/test-data/postgresql");
    /** Kept as a system property: the test framework may load this class more than once. */
    private static final String URL_PROPERTY = "hone.test.embedded-db.url";

    @Override
    public Map<String, String> start() {
        if (System.getenv("HONE_DB_URL") != null) {
            return Map.of();
        }
        synchronized (System.class) {
            if (System.getProperty(URL_PROPERTY) == null) {
                EmbeddedDatabase db = startFresh();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        db.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, "embedded-postgres-stop"));
                System.setProperty(URL_PROPERTY, db.jdbcUrl());
            }
        }
        return Map.of("hone.db.url", System.getProperty(URL_PROPERTY), "hone.db.user", EmbeddedDatabase.USER);
    }

    private static EmbeddedDatabase startFresh() {
        try {
            return EmbeddedDatabase.startFresh(DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The database outlives each application start; the shutdown hook stops it with the JVM.
    }
}
