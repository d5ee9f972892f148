package dev.hone.tests;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * Hone in its distributed shape, every part its own process as on a cluster: a workflow service
 * (Temporal's test server, started as a process of its own, never in Hone's), a PostgreSQL, an
 * S3-compatible object store, one {@code server} process and {@code worker} processes. Server and
 * workers share nothing but those three services: each has its own working directory, and no
 * artifact directory is shared.
 */
final class ExternalCluster implements AutoCloseable {

    static final String BUCKET = "hone-artifacts";
    private static final String ACCESS_KEY = "cluster-access";

    private final Path dir;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> args = new ArrayList<>();
    private final List<HoneProcess> servers = new ArrayList<>();
    private final List<HoneProcess> workers = new ArrayList<>();
    private EmbeddedPostgres database;
    private BlobStoreContext blobs;
    private S3Proxy objectStore;
    private Process workflowService;
    private int workflowServicePort;
    private HoneProcess server;

    ExternalCluster(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    /** Starts the three services, a server process and {@code count} cpu workers. */
    ExternalCluster start(int count) throws Exception {
        startServices();
        newServer().start();
        for (int i = 0; i < count; i++) {
            startWorker("mlops-cpu");
        }
        return this;
    }

    void startServices() throws Exception {
        database = EmbeddedPostgres.builder().setDataDirectory(Files.createDirectories(dir.resolve("postgresql")))
                .setCleanDataDirectory(true).start();
        blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .build(BlobStoreContext.class);
        blobs.getBlobStore().createContainerInLocation(null, BUCKET);
        String secret = "cluster-secret-" + UUID.randomUUID();
        objectStore = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, secret).build();
        objectStore.start();
        while (!AbstractLifeCycle.STARTED.equals(objectStore.getState())) {
            Thread.sleep(5);
        }
        startWorkflowService();

        env.put("HONE_DB_URL", database.getJdbcUrl("postgres", "postgres"));
        env.put("HONE_DB_USER", "postgres");
        // Server and worker modes refuse well-known passwords; this PostgreSQL trusts loopback.
        env.put("HONE_DB_PASSWORD", "cluster-" + UUID.randomUUID());
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        args.addAll(List.of("-Dhone.registry.artifact-store=s3",
                "-Dhone.registry.s3.endpoint=http://127.0.0.1:" + objectStore.getPort(),
                "-Dhone.registry.s3.bucket=" + BUCKET,
                "-Dhone.runtime.temporal.target=127.0.0.1:" + workflowServicePort));
    }

    /** Temporal's Java test server as a process of its own, on a loopback port; waits until it listens. */
    void startWorkflowService() throws Exception {
        workflowServicePort = HoneProcess.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("workflow-service.log");
        workflowService = new ProcessBuilder(java, "-Xmx512m", "-cp", Bench.classpath(),
                "io.temporal.testserver.TestServer", Integer.toString(workflowServicePort))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", workflowServicePort), 200);
                return;
            } catch (IOException notYet) {
                if (!workflowService.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("The workflow service did not start: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    /** A server process (API, console, control worker), not started yet, in place of the previous one. */
    HoneProcess newServer() throws Exception {
        List<String> serverArgs = new ArrayList<>(args);
        serverArgs.add("-Dhone.runtime.mode=server");
        server = new HoneProcess(dir.resolve("server-" + servers.size()), env, serverArgs.toArray(String[]::new));
        servers.add(server);
        return server;
    }

    /** Starts a worker process polling {@code queue} with extra JVM arguments, and waits until it polls. */
    HoneProcess startWorker(String queue, String... extra) throws Exception {
        HoneProcess worker = launchWorker(queue, extra);
        worker.awaitReady(Duration.ofMinutes(3));
        return worker;
    }

    /** Launches a worker process polling {@code queue} without waiting for it. */
    HoneProcess launchWorker(String queue, String... extra) throws Exception {
        List<String> workerArgs = new ArrayList<>(args);
        workerArgs.addAll(List.of("-Dhone.runtime.mode=worker", "-Dhone.runtime.worker-queues=" + queue));
        workerArgs.addAll(List.of(extra));
        HoneProcess worker = new HoneProcess(dir.resolve("worker-" + workers.size()), env,
                workerArgs.toArray(String[]::new));
        workers.add(worker);
        worker.launch();
        return worker;
    }

    /** Transactions committed in the cluster's database so far (every process's). */
    long databaseCommits() throws java.sql.SQLException {
        try (var c = database.getPostgresDatabase().getConnection(); var st = c.createStatement();
                var r = st.executeQuery("select xact_commit from pg_stat_database where datname = 'postgres'")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Events in the history of workflow {@code workflowId} on the cluster's workflow service. */
    int historyEvents(String workflowId) {
        var stubs = io.temporal.serviceclient.WorkflowServiceStubs.newServiceStubs(
                io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder()
                        .setTarget("127.0.0.1:" + workflowServicePort).build());
        try {
            return io.temporal.client.WorkflowClient.newInstance(stubs).fetchHistory(workflowId).getEvents().size();
        } finally {
            stubs.shutdownNow();
        }
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

    /** Names of the objects in the store's bucket. */
    List<String> objects() {
        List<String> names = new ArrayList<>();
        blobs.getBlobStore().list(BUCKET, org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive())
                .forEach(m -> names.add(m.getName()));
        return names;
    }

    @Override
    public void close() throws Exception {
        for (HoneProcess w : workers) {
            w.stop();
        }
        for (HoneProcess s : servers) {
            s.stop();
        }
        if (workflowService != null) {
            workflowService.destroyForcibly().waitFor();
        }
        if (objectStore != null) {
            objectStore.stop();
            blobs.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
