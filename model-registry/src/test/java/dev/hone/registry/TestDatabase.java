package dev.hone.registry;

import dev.hone.registry.db.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Tests of every module that uses the database run on the database Hone runs on: the embedded
 * PostgreSQL on a fresh data directory under the module's {@code target/}, started once per test JVM
 * and stopped with it; or the external PostgreSQL that {@code HONE_DB_URL} names. Other modules use
 * it from this module's test jar: {@code @QuarkusTestResource(TestDatabase.class)} on any test class.
 */
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    private static final Path DIR = Path.of("target/test-data/postgresql");
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
