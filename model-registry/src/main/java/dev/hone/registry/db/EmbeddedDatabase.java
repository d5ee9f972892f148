package dev.hone.registry.db;

import io.quarkus.logging.Log;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The PostgreSQL of embedded mode: real PostgreSQL binaries (from Maven Central, unpacked on first
 * use) run as a child process on the loopback interface, with their data directory under
 * {@code ./data}. Durable like any PostgreSQL: fsync, synchronous commit and full-page writes are
 * on (the launcher's defaults, meant for throw-away test databases, turn them off).
 *
 * <p>A crashed Hone leaves its PostgreSQL running, holding the data directory. The next start
 * takes the directory over: it holds a lock beside the directory for its whole life (so a second
 * live Hone is refused, never disturbed), and a PostgreSQL still running on the directory while
 * that lock is free belongs to a dead Hone. When it is ready and on the port asked for, the new
 * Hone takes it over as it is (workers connected to it keep their connections); otherwise it is
 * shut down (fast shutdown: its committed transactions are on disk) and a new one started.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The database Hone's tables live in. */
    public static final String DATABASE = "hone";
    /** The superuser the data directory is initialised with; it accepts loopback connections only. */
    public static final String USER = "postgres";

    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final int port;
    /** The PostgreSQL this process started, or null when it took over a running one. */
    private final EmbeddedPostgres started;
    /** The PostgreSQL this process took over, or null when it started its own. */
    private final ProcessHandle takenOver;

    private EmbeddedDatabase(Path dir, FileChannel lockChannel, FileLock lock, int port, EmbeddedPostgres started,
            ProcessHandle takenOver) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.port = port;
        this.started = started;
        this.takenOver = takenOver;
    }

    /** A postmaster still running on a data directory, as its pid file tells. */
    record LeftOver(ProcessHandle postmaster, int port, boolean ready) {
    }

    /**
     * Starts PostgreSQL on {@code dir} (created and initialised when new), or takes over the one a
     * crashed Hone left running there, and makes sure the {@value #DATABASE} database exists.
     *
     * @param port loopback port, or 0 for a free one
     * @throws IllegalStateException when another live process uses the directory, or a PostgreSQL
     *     left behind by a crashed one cannot be stopped
     */
    public static EmbeddedDatabase start(Path dir, int port) throws IOException {
        return start(dir, port, Set.of());
    }

    /**
     * As {@link #start(Path, int)}, where a free port ({@code port} 0) is never one of
     * {@code reserved}: the ports the calling process is about to listen on itself, which are
     * free now and so could be handed out.
     */
    public static EmbeddedDatabase start(Path dir, int port, Set<Integer> reserved) throws IOException {
        Path data = dir.toAbsolutePath().normalize();
        Files.createDirectories(data.getParent());
        Path lockFile = data.resolveSibling(data.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Another Hone process is using the embedded database in " + data
                    + " (it holds " + lockFile + "). Stop it first, or give this one its own data directory "
                    + "(hone.db.embedded.dir)");
        }
        try {
            EmbeddedDatabase db = takeOver(data, port, reserved, channel, lock);
            if (db == null) {
                EmbeddedPostgres postgres = startNew(data, port != 0 ? port : freePort(reserved));
                db = new EmbeddedDatabase(data, channel, lock, postgres.getPort(), postgres, null);
            }
            db.createDatabaseIfMissing();
            return db;
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    /** The PostgreSQL a dead Hone left on {@code data}, taken over; null when there is none to take. */
    private static EmbeddedDatabase takeOver(Path data, int port, Set<Integer> reserved, FileChannel channel,
            FileLock lock) throws IOException {
        Optional<LeftOver> left = leftOver(data);
        if (left.isEmpty()) {
            return null;
        }
        LeftOver l = left.get();
        boolean portFits = port == 0 ? !reserved.contains(l.port()) : port == l.port();
        if (l.ready() && portFits && answers(l.port())) {
            Log.infof("Took over the embedded PostgreSQL (pid %d, port %d) that an earlier Hone left running on %s",
                    l.postmaster().pid(), l.port(), data);
            return new EmbeddedDatabase(data, channel, lock, l.port(), null, l.postmaster());
        }
        Log.warnf("A PostgreSQL (pid %d) left behind by an earlier Hone still runs on %s %s; shutting it down",
                l.postmaster().pid(), data, l.ready() ? "on another port than asked for" : "and is not ready");
        stop(l.postmaster(), data);
        return null;
    }

    private static EmbeddedPostgres startNew(Path data, int port) throws IOException {
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
        return builder.setPort(port).start();
    }

    /** A loopback port free now that is none of {@code reserved}. */
    static int freePort(Set<Integer> reserved) throws IOException {
        for (int tries = 0; tries < 100; tries++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (!reserved.contains(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
        throw new IOException("No free loopback port outside " + reserved);
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
        return url(port, DATABASE);
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** True when this process took over a PostgreSQL an earlier Hone left running, rather than starting one. */
    public boolean tookOver() {
        return takenOver != null;
    }

    private static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static Connection connect(int port, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "10");
        return new org.postgresql.Driver().connect(url(port, database), props);
    }

    private static boolean answers(int port) {
        try (Connection c = connect(port, "postgres"); Statement s = c.createStatement()) {
            s.execute("select 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection c = connect(port, "postgres");
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
     * Starts PostgreSQL on an empty data directory: whatever {@code dir} held is stopped and deleted
     * first. For tests and other throw-away databases, never for Hone's own data.
     */
    public static EmbeddedDatabase startFresh(Path dir) throws IOException {
        stopLeftOver(dir.toAbsolutePath().normalize());
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return start(dir, 0);
    }

    /** Stops a PostgreSQL that still runs on {@code data} (what a crashed Hone leaves behind), if any. */
    public static void stopLeftOver(Path data) throws IOException {
        Optional<LeftOver> left = leftOver(data);
        if (left.isPresent()) {
            stop(left.get().postmaster(), data);
        }
    }

    /** Fast shutdown (SIGINT): PostgreSQL ends open sessions, writes a checkpoint and exits. */
    private static void stop(ProcessHandle postmaster, Path data) throws IOException {
        long pid = postmaster.pid();
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
        try {
            kill.waitFor(10, TimeUnit.SECONDS);
            postmaster.onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the PostgreSQL on " + data + " (pid " + pid + ")", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The PostgreSQL on " + data + " (pid " + pid + ") did not stop within "
                    + STOP_WAIT.toSeconds() + " s; stop it, then start Hone again");
        }
    }

    /**
     * The postmaster the pid file of {@code data} names, if that process is alive and is a
     * PostgreSQL; with the port and readiness the file records. A stale pid file alone is
     * PostgreSQL's own business.
     */
    static Optional<LeftOver> leftOver(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
        // Lines: pid, data directory, start time, port, socket directory, listen address, shared memory key, status.
        if (lines.size() < 4 || !lines.get(0).trim().matches("\\d+") || !lines.get(3).trim().matches("\\d+")) {
            return Optional.empty();
        }
        if (!Path.of(lines.get(1).trim()).toAbsolutePath().normalize().equals(data)) {
            return Optional.empty();
        }
        // The pid may have been reused by an unrelated process since the crash.
        Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command()
                        .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                        .orElse(false));
        boolean ready = lines.size() >= 8 && lines.get(7).trim().equals("ready");
        return postmaster.map(p -> new LeftOver(p, Integer.parseInt(lines.get(3).trim()), ready));
    }

    /** Stops PostgreSQL (fast shutdown: it waits for nothing but its own checkpoint) and releases the directory. */
    @Override
    public void close() throws IOException {
        try {
            if (started != null) {
                started.close();
            } else {
                stop(takenOver, dir);
            }
        } finally {
            lock.release();
            lockChannel.close();
        }
    }
}
