package dev.hone.tests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hone spread over processes on one machine, as an operator scales it out: one embedded process
 * (API, workflow service on 127.0.0.1, control worker, no compute) and any number of {@code worker}
 * processes polling {@code mlops-cpu}. All share one database and one artifact directory: the
 * server's embedded PostgreSQL, on a loopback port the workers are told.
 */
final class LocalCluster implements AutoCloseable {

    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private final int databasePort;
    private final List<String> shared;
    private final List<HoneProcess> workers = new ArrayList<>();
    private final List<HoneProcess> servers = new ArrayList<>();
    private HoneProcess server;

    LocalCluster(Path dir) throws java.io.IOException {
        this.dir = dir.toAbsolutePath();
        // Worker mode refuses well-known database passwords; the embedded PostgreSQL trusts loopback.
        env.put("HONE_DB_PASSWORD", "cluster-" + UUID.randomUUID());
        databasePort = HoneProcess.freePort();
        shared = List.of("-Dhone.registry.artifact-dir=" + this.dir.resolve("artifacts"));
    }

    /** Starts the server process, then {@code count} workers. */
    LocalCluster start(int count) throws Exception {
        newServer().start();
        for (int i = 0; i < count; i++) {
            startWorker();
        }
        return this;
    }

    /**
     * A server process, not started yet (its ports are chosen), in place of the previous one, with
     * the same data; workers already started keep the previous one's workflow service address.
     */
    HoneProcess newServer() throws Exception {
        List<String> args = new ArrayList<>(shared);
        args.add("-Dhone.runtime.local-compute=false");
        args.add("-Dhone.db.embedded.port=" + databasePort);
        server = new HoneProcess(dir.resolve("server"), env, args.toArray(String[]::new));
        servers.add(server);
        return server;
    }

    HoneProcess startWorker() throws Exception {
        HoneProcess worker = launchWorker();
        worker.awaitReady(Duration.ofMinutes(3));
        return worker;
    }

    /** Starts a worker for the current server's workflow service without waiting for it to be ready. */
    HoneProcess launchWorker() throws Exception {
        List<String> args = new ArrayList<>(shared);
        args.addAll(List.of("-Dhone.runtime.mode=worker", "-Dhone.runtime.worker-queues=mlops-cpu",
                "-Dhone.runtime.temporal.target=127.0.0.1:" + server.temporalPort()));
        Map<String, String> workerEnv = new HashMap<>(env);
        workerEnv.put("HONE_DB_URL", "jdbc:postgresql://127.0.0.1:" + databasePort + "/hone");
        workerEnv.put("HONE_DB_USER", "postgres");
        HoneProcess worker = new HoneProcess(dir.resolve("worker-" + workers.size()), workerEnv,
                args.toArray(String[]::new));
        workers.add(worker);
        worker.launch();
        return worker;
    }

    HoneProcess server() {
        return server;
    }

    List<HoneProcess> workers() {
        return List.copyOf(workers);
    }

    /** The worker process whose identity a trial records ({@code queue@pid@host}), or null. */
    HoneProcess workerOf(String identity) {
        return HoneProcess.withIdentity(workers, identity);
    }

    @Override
    public void close() throws Exception {
        for (HoneProcess w : workers) {
            w.stop();
        }
        for (HoneProcess s : servers) {
            s.stop();
        }
    }
}
