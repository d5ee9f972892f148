package dev.hone.registry;

import dev.hone.registry.db.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The registry's tests run on the database Hone runs on: the embedded PostgreSQL on a fresh data
 * directory under {@code target/}, started once per test JVM and stopped with it.
 */
public class RegistryDatabase implements QuarkusTestResourceLifecycleManager {

    private static final Path DIR = Path.of("target/test-data/postgresql");
    /** Kept as a system property: the test framework may load this class more than once. */
    private static final String URL_PROPERTY = "hone.test.registry-db.url";

    @Override
    public Map<String, String> start() {
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
