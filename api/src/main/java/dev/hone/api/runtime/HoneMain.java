package dev.hone.api.runtime;

import dev.hone.registry.db.EmbeddedDatabase;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hone's entry point. The database must be up before Quarkus starts (Flyway migrates and Hibernate
 * validates during startup), so embedded mode starts its PostgreSQL here, hands its address to
 * Quarkus, and stops it only after Quarkus has stopped: a graceful stop can still write what it
 * must (runs it interrupts) on the way out.
 */
@QuarkusMain
public final class HoneMain {

    /** How long a stopping JVM waits for Quarkus and then the embedded database to stop. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(90);
    /** The longest pause between tries to reach an external database that does not answer yet. */
    private static final Duration MAX_DATABASE_PAUSE = Duration.ofSeconds(30);
    /** How long a worker waits for a database that its server has not created yet. */
    private static final Duration MISSING_DATABASE_WAIT = Duration.ofSeconds(60);

    private HoneMain() {
    }

    public static void main(String... args) {
        // Until Quarkus configures logging, every record is kept and printed if it never does.
        java.util.logging.Logger.getLogger("io.smallrye.config").setLevel(java.util.logging.Level.INFO);
        java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
        SmallRyeConfig config = startupConfig();
        HoneConfig runtime = config.getConfigMapping(HoneConfig.class);
        DatabaseConfig db = config.getConfigMapping(DatabaseConfig.class);
        List<String> problems = StartupChecks.problems(runtime.mode(), db,
                config.getOptionalValue("hone.security.identity", String.class).orElse("local"),
                config.getOptionalValue("hone.security.admin-password", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class));
        String store = StartupChecks.artifactStoreProblem(
                config.getOptionalValue("hone.registry.artifact-store", String.class),
                config.getOptionalValue("hone.registry.s3.bucket", String.class));
        if (store != null) {
            problems.add(store);
        }
        String gpu = StartupChecks.gpuProblem(runtime, () -> ai.djl.engine.Engine.getInstance().getGpuCount());
        if (gpu != null) {
            problems.add(gpu);
        }
        if (!problems.isEmpty()) {
            // Logging is configured by Quarkus, which never starts here: its queued records would be lost.
            System.err.println(StartupChecks.refusal(runtime.mode(), problems));
            System.exit(1);
        }
        EmbeddedDatabase embedded = null;
        if (db.url().isPresent()) {
            awaitDatabase(db.url().get(), db.user(), config.getOptionalValue("quarkus.datasource.password", String.class));
        } else {
            // Its free port must not be one this process is about to listen on itself.
            Set<Integer> ownPorts = new HashSet<>(List.of(
                    config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080),
                    runtime.temporal().embeddedPort()));
            embedded = startEmbedded(db.embedded(), ownPorts);
        }
        AtomicBoolean jvmStopping = new AtomicBoolean();
        if (embedded != null) {
            // On SIGTERM the JVM halts as soon as its shutdown hooks end, Quarkus' included: this one
            // holds it until this thread has stopped Quarkus and then the database.
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                jvmStopping.set(true);
                try {
                    main.join(SHUTDOWN_WAIT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "hone-embedded-database-stop"));
        }
        int[] exitCode = {0};
        try {
            Quarkus.run(null, (code, failure) -> exitCode[0] = code, args);
        } finally {
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException | RuntimeException e) {
                    Log.warnf("Stopping the embedded PostgreSQL failed: %s", e.getMessage());
                }
            }
        }
        // During a JVM shutdown System.exit would wait for the hook that waits for this thread.
        if (exitCode[0] != 0 && !jvmStopping.get()) {
            System.exit(exitCode[0]);
        }
    }

    private static EmbeddedDatabase startEmbedded(DatabaseConfig.Embedded settings, Set<Integer> ownPorts) {
        long started = System.nanoTime();
        EmbeddedDatabase db;
        try {
            db = EmbeddedDatabase.start(settings.dir(), settings.port(), ownPorts);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + settings.dir().toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
        // System properties outrank application.properties and the environment.
        System.setProperty("hone.db.url", db.jdbcUrl());
        System.setProperty("hone.db.user", EmbeddedDatabase.USER);
        Log.infof("Embedded PostgreSQL on 127.0.0.1:%d, data in %s (%s in %d ms)", db.port(), db.dir(),
                db.tookOver() ? "taken over" : "started", (System.nanoTime() - started) / 1_000_000);
        return db;
    }

    /**
     * Waits, with backoff, until the external database accepts connections: a worker may start
     * before the server whose database it shares, or a database may be restarting. A database that
     * does not exist yet is waited for during {@link #MISSING_DATABASE_WAIT} (a server creates it just
     * after its PostgreSQL starts); anything else (a wrong password, a database still missing after
     * that) ends the start with its reason.
     */
    private static void awaitDatabase(String url, String user, Optional<String> password) {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        password.ifPresent(p -> credentials.setProperty("password", p));
        credentials.setProperty("connectTimeout", "10");
        Duration pause = Duration.ofSeconds(1);
        long started = System.nanoTime();
        for (int tryNumber = 1; ; tryNumber++) {
            try (Connection connection = new org.postgresql.Driver().connect(url, credentials)) {
                if (connection == null) {
                    throw new IllegalStateException("HONE_DB_URL is not a PostgreSQL JDBC URL: " + url);
                }
                return;
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                boolean missingYet = state.equals("3D000")
                        && System.nanoTime() - started < MISSING_DATABASE_WAIT.toNanos();
                // 08: cannot connect; 57P03: the database system is starting up.
                if (!state.startsWith("08") && !state.equals("57P03") && !missingYet) {
                    throw new IllegalStateException("Cannot use the database at " + url + ": " + e.getMessage(), e);
                }
                // Logging starts with Quarkus; an operator must see the wait now.
                System.err.printf("Waiting for the database at %s (try %d, next in %d s): %s%n", url, tryNumber,
                        pause.toSeconds(), e.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the database at " + url);
                }
                pause = pause.multipliedBy(2).compareTo(MAX_DATABASE_PAUSE) > 0 ? MAX_DATABASE_PAUSE
                        : pause.multipliedBy(2);
            }
        }
    }

    /** The configuration Quarkus will see, as far as it matters before Quarkus starts. */
    static SmallRyeConfig startupConfig() {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors()
                .withMapping(HoneConfig.class).withMapping(DatabaseConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withValidateUnknown(false).withProfile("prod");
        URL properties = Thread.currentThread().getContextClassLoader().getResource("application.properties");
        if (properties != null) {
            try {
                builder.withSources(new PropertiesConfigSource(properties, 250));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return builder.build();
    }
}
