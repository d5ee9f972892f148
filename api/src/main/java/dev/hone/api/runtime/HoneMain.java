package dev.hone.api.runtime;

import dev.hone.security.SecurityConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
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

    private HoneMain() {
    }

    public static void main(String... args) {
        // Until Quarkus configures logging, every record is kept and printed if it never does.
        java.util.logging.Logger.getLogger("io.smallrye.config").setLevel(java.util.logging.Level.INFO);
        java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
        SmallRyeConfig config = startupConfig();
        HoneConfig runtime = config.getConfigMapping(HoneConfig.class);
        DatabaseConfig db = config.getConfigMapping(DatabaseConfig.class);
        List<String> problems = StartupChecks.problems(runtime, db, config.getConfigMapping(SecurityConfig.class),
                config.getOptionalValue("quarkus.datasource.password", String.class));
        if (!problems.isEmpty()) {
            // Logging is configured by Quarkus, which never starts here: its queued records would be lost.
            System.err.println(StartupChecks.refusal(runtime.mode(), problems));
            System.exit(1);
        }
        EmbeddedDatabase embedded = db.url().isEmpty() ? startEmbedded(db.embedded()) : null;
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

    private static EmbeddedDatabase startEmbedded(DatabaseConfig.Embedded settings) {
        long started = System.nanoTime();
        EmbeddedDatabase db;
        try {
            db = EmbeddedDatabase.start(settings.dir(), settings.port());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + settings.dir().toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
        // System properties outrank application.properties and the environment.
        System.setProperty("hone.db.url", db.jdbcUrl());
        System.setProperty("hone.db.user", EmbeddedDatabase.USER);
        Log.infof("Embedded PostgreSQL on 127.0.0.1:%d, data in %s (started in %d ms)", db.port(), db.dir(),
                (System.nanoTime() - started) / 1_000_000);
        return db;
    }

    /** The configuration Quarkus will see, as far as it matters before Quarkus starts. */
    private static SmallRyeConfig startupConfig() {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors()
                .withMapping(HoneConfig.class).withMapping(DatabaseConfig.class).withMapping(SecurityConfig.class)
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
