package dev.hone.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged application as a user runs it: {@code java -jar quarkus-run.jar} in its own
 * working directory (so {@code ./data} is its own), driven over HTTP on loopback.
 */
final class HoneProcess implements AutoCloseable {

    static final String ADMIN_PASSWORD = "black-box-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    private final Path workDir;
    private final int httpPort;
    private final int temporalPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> extraArgs;
    private final Map<String, String> env;
    private Process process;

    HoneProcess(Path workDir, String... extraArgs) throws IOException {
        this(workDir, Map.of(), extraArgs);
    }

    /** A process with extra environment variables and JVM arguments ({@code -Dkey=value}). */
    HoneProcess(Path workDir, Map<String, String> env, String... extraArgs) throws IOException {
        this.workDir = Files.createDirectories(workDir);
        this.env = Map.copyOf(env);
        this.extraArgs = List.of(extraArgs);
        int[] ports = freePorts(2);
        this.httpPort = ports[0];
        this.temporalPort = ports[1];
    }

    static Path appJar() {
        Path jar = Path.of(System.getProperty("hone.app.dir", "../api/target/quarkus-app"), "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the application first: " + jar.toAbsolutePath() + " is missing");
        }
        return jar.toAbsolutePath();
    }

    void start() throws Exception {
        launch();
        awaitReady(Duration.ofMinutes(3));
    }

    /** Starts the process without waiting for it to be ready. */
    void launch() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx2g", "--enable-native-access=ALL-UNNAMED",
                "--add-modules=jdk.incubator.vector", "-Dai.djl.offline=true", "-Dquarkus.http.port=" + httpPort,
                "-Dhone.runtime.temporal.embedded-port=" + temporalPort));
        cmd.addAll(extraArgs);
        cmd.addAll(List.of("-jar", appJar().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("hone.log").toFile()));
        pb.environment().put("HONE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().putAll(env);
        process = pb.start();
    }

    /** Waits until the process reports ready (its workers poll the workflow service). */
    void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Hone exited with " + process.exitValue() + "; log: " + log());
            }
            try {
                var r = http.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Hone did not become ready in " + timeout + "; log: " + log());
    }

    /** Waits until the process's log contains {@code text}; fails with the log otherwise. */
    void awaitLog(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("'" + text + "' not in the log after " + timeout + ":\n" + log());
    }

    /** Waits for the process to exit; false if it still runs after {@code timeout}. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends SIGTERM, as an operator's Ctrl-C or a service manager does, without waiting. */
    void terminate() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Stops the process the way an operator's Ctrl-C or a service manager does (SIGTERM). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Ends the process at once, as a crash or a power cut would. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Freezes the process (SIGSTOP): its ports still accept connections, but nothing answers. */
    void freeze() throws Exception {
        signal("-STOP");
    }

    /** Lets a frozen process go on (SIGCONT). */
    void thaw() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    String log() throws IOException {
        Path log = workDir.resolve("hone.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Loopback port of the embedded workflow service (embedded mode). */
    int temporalPort() {
        return temporalPort;
    }

    /** The process among {@code processes} whose worker identity ({@code queue@pid@host}) this is, or null. */
    static HoneProcess withIdentity(List<HoneProcess> processes, String identity) {
        if (identity == null) {
            return null;
        }
        return processes.stream().filter(p -> identity.contains("@" + p.pid() + "@")).findFirst().orElse(null);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    JsonNode graphql(String user, String password, String query, Map<String, Object> variables) throws Exception {
        var r = graphqlWith(basic(user, password), query, variables);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GraphQL answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Repeats a GraphQL query until its answer passes {@code done}; fails with the last answer and the log. */
    JsonNode awaitGraphql(String user, String password, String query, Map<String, Object> variables,
            Predicate<JsonNode> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode r;
        do {
            r = ok(graphql(user, password, query, variables));
            if (done.test(r)) {
                return r;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Not there after " + timeout + "; last answer " + r + "\n" + log());
    }

    /** The response, after checking that it carries no errors. */
    static JsonNode ok(JsonNode response) {
        if (!response.path("errors").isMissingNode()) {
            throw new AssertionError("errors in " + response);
        }
        return response;
    }

    /** A GraphQL call with the given Authorization header value (null: none); the raw response. */
    HttpResponse<String> graphqlWith(String authorization, String query, Map<String, Object> variables)
            throws Exception {
        String body = JSON.writeValueAsString(Map.of("query", query, "variables", variables));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/graphql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> upload(String user, String password, String name, byte[] csv) throws Exception {
        return post("/api/datasets/" + name, basic(user, password), "text/csv", csv);
    }

    /** A POST with the given Authorization header value; the raw response. */
    HttpResponse<String> post(String path, String authorization, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /**
     * {@code n} ports free now and never handed out before in this JVM (a port chosen earlier may
     * still be waiting for its process to bind it).
     */
    static synchronized int[] freePorts(int n) throws IOException {
        List<ServerSocket> open = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; ) {
                ServerSocket s = new ServerSocket(0);
                open.add(s);
                if (HANDED_OUT.add(s.getLocalPort())) {
                    ports[i++] = s.getLocalPort();
                }
            }
            return ports;
        } finally {
            for (ServerSocket s : open) {
                s.close();
            }
        }
    }
}
