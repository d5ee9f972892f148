package dev.hone.api.runtime;

import io.quarkus.logging.Log;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The PostgreSQL of embedded mode: real PostgreSQL binaries (from Maven Central, unpacked on first
 * use) run as a child process on the loopback interface, with their data directory under
 * {@code ./data}. Durable like any PostgreSQL: fsync, synchronous commit and full-page writes are
 * on (the launcher's defaults, meant for throw-away test databases, turn them off).
 *
 * <p>A crashed Hone leaves its PostgreSQL running, holding the data directory. The next start
 * takes the directory over: it holds a lock beside the directory for its whole life (so a second
 * live Hone is refused, never disturbed), and a PostgreSQL still running on the directory while
 * that lock is free belongs to a dead Hone and is shut down (fast shutdown: its last committed
 * transactions are on disk) before the new one starts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The database Hone's tables live in. */
    public static final String DATABASE = "hone";
    /** The superuser the data directory is initialised with; it accepts loopback connections only. */
    public static final String USER = "postgres";

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(Path dir, FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on {@code dir} (created and initialised when new) and makes sure the
     * {@value #DATABASE} database exists.
     *
     * @param port loopback port, or 0 for a free one
     * @throws IllegalStateException when another live process uses the directory, or a PostgreSQL
     *     left behind by a crashed one cannot be stopped
     */
    public static EmbeddedDatabase start(Path dir, int port) throws IOException {
        Path data = dir.toAbsolutePath().normalize();
        Files.createDirectories(data.getParent());
        Path lockFile = data.resolveSibling(data.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Another Hone process is using the embedded database in " + data
                    + " (it holds " + lockFile + "). Stop it first, or give this one its own data directory "
                    + "(hone.db.embedded.dir)");
        }
        try {
            stopLeftOver(data);
            // Its server log goes to a file beside the data, not into Hone's output.
            ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(
                    data.resolveSibling(data.getFileName() + ".log").toFile());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setPgBinaryResolver(EmbeddedDatabase::binaries)
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100");
            if (port != 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            EmbeddedDatabase db = new EmbeddedDatabase(data, channel, lock, postgres);
            db.createDatabaseIfMissing();
            return db;
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    /**
     * The PostgreSQL binaries for this platform, from the binaries jars on the class path. (The
     * launcher's own resolver first runs a shell script to tell Linux distributions apart, for
     * binaries Hone does not ship, and leaves the script in the temporary directory when killed.)
     */
    private static InputStream binaries(String system, String machineHardware) throws IOException {
        String name = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + ArchUtils.normalize(machineHardware)
                + ".txz";
        InputStream binaries = EmbeddedDatabase.class.getClassLoader().getResourceAsStream(name);
        if (binaries == null) {
            throw new IOException("Hone ships no PostgreSQL binaries for this platform (" + name + "); use an "
                    + "external PostgreSQL through HONE_DB_URL");
        }
        return binaries;
    }

    /** JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dir() {
        return dir;
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet r = exists.executeQuery()) {
                if (r.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("Cannot create the database '" + DATABASE + "' in the embedded PostgreSQL at "
                    + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops a PostgreSQL that still runs on {@code data} although no Hone holds its lock: what a
     * crashed (SIGKILLed) Hone leaves behind. A stale pid file alone is PostgreSQL's own business.
     */
    public static void stopLeftOver(Path data) throws IOException {
        Optional<ProcessHandle> postmaster = runningPostmaster(data);
        if (postmaster.isEmpty()) {
            return;
        }
        long pid = postmaster.get().pid();
        Log.warnf("A PostgreSQL (pid %d) left behind by an earlier Hone still runs on %s; shutting it down", pid, data);
        // SIGINT is PostgreSQL's fast shutdown: it ends open sessions and writes a checkpoint.
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
        try {
            kill.waitFor(10, TimeUnit.SECONDS);
            postmaster.get().onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the PostgreSQL left behind (pid " + pid + ")", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The PostgreSQL left behind on " + data + " (pid " + pid
                    + ") did not stop within " + ORPHAN_STOP_WAIT.toSeconds() + " s; stop it, then start Hone again");
        }
    }

    /** The postmaster its pid file names, if that process is alive and is a PostgreSQL serving {@code data}. */
    static Optional<ProcessHandle> runningPostmaster(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !lines.get(0).trim().matches("\\d+")) {
            return Optional.empty();
        }
        if (!Path.of(lines.get(1).trim()).toAbsolutePath().normalize().equals(data)) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        // The pid may have been reused by an unrelated process since the crash.
        return process.filter(ProcessHandle::isAlive).filter(p -> p.info().command()
                .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                .orElse(false));
    }

    /** Stops PostgreSQL (fast shutdown: it waits for nothing but its own checkpoint) and releases the directory. */
    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }
}
