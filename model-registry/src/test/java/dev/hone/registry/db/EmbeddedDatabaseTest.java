package dev.hone.registry.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crash leaves behind: a process that started the embedded PostgreSQL is SIGKILLed, its
 * PostgreSQL keeps running on the data directory. The next start takes it over when it can (same
 * port, ready, answering), or shuts it down and starts a new one (another port asked for); either
 * way the committed data are there and nothing is left running after a normal stop.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aPostgresLeftByAKilledProcessIsTakenOverWithItsData() throws Exception {
        Path data = dir.resolve("postgresql");
        Crashed crashed = startAndKill(data, 0);
        assertThat(EmbeddedDatabase.leftOver(data)).as("left running by the killed process").isPresent();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            assertThat(db.tookOver()).isTrue();
            assertThat(db.port()).isEqualTo(crashed.port());
            assertThat(committedRows(db)).isEqualTo(1);
        }
        assertThat(ProcessHandle.of(crashed.postmasterPid()).map(ProcessHandle::isAlive)).isIn(Optional.empty(),
                Optional.of(false));
        assertThat(EmbeddedDatabase.leftOver(data)).as("nothing left running after a normal stop").isEmpty();
    }

    @Test
    void aPostgresLeftOnAnotherPortIsShutDownAndANewOneStarted() throws Exception {
        Path data = dir.resolve("postgresql");
        Crashed crashed = startAndKill(data, 0);
        int otherPort;
        try (var socket = new java.net.ServerSocket(0)) {
            otherPort = socket.getLocalPort();
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, otherPort)) {
            assertThat(db.tookOver()).isFalse();
            assertThat(db.port()).isEqualTo(otherPort);
            assertThat(ProcessHandle.of(crashed.postmasterPid()).map(ProcessHandle::isAlive)).isIn(Optional.empty(),
                    Optional.of(false));
            assertThat(committedRows(db)).isEqualTo(1);

            assertThatThrownBy(() -> EmbeddedDatabase.start(data, 0))
                    .as("a second process on the same data is refused while the first one lives")
                    .hasMessageContaining("Another Hone process is using the embedded database");
        }
        assertThat(EmbeddedDatabase.leftOver(data)).isEmpty();
    }

    private record Crashed(int port, long postmasterPid) {
    }

    /** Starts the database in another JVM, commits a row there, and SIGKILLs that JVM. */
    private static Crashed startAndKill(Path data, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), data.toString(), Integer.toString(port)))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("ready ")) {
                // the launcher's own output
            }
            assertThat(line).as("the child started its database").isNotNull();
            int childPort = Integer.parseInt(line.substring("ready ".length()).trim());
            long pid = EmbeddedDatabase.leftOver(data.toAbsolutePath().normalize()).orElseThrow().postmaster().pid();
            return new Crashed(childPort, pid);
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int committedRows(EmbeddedDatabase db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
                Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from crash_witness")) {
            r.next();
            return r.getInt(1);
        }
    }

    /** The process that crashes: starts the database, commits one row, says so, and waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), Integer.parseInt(args[1]));
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
                    Statement s = c.createStatement()) {
                s.execute("create table crash_witness (id int)");
                s.execute("insert into crash_witness values (1)");
            }
            System.out.println("ready " + db.port());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
