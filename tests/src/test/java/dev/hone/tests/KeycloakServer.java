package dev.hone.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A real Keycloak server (the distribution Maven unpacks into {@code target/keycloak}) run as a
 * child process in development mode on loopback, with the test realm
 * {@code keycloak/hone-test-realm.json} imported: realm {@code hone}, its clients and roles as
 * shipped in {@code deploy/keycloak/hone-realm.json}, plus the password-grant client
 * {@code hone-test} and one user per role.
 *
 * <p>Starting takes 20-45 s (about 40 s more the first time after an unpack, when Keycloak
 * re-augments itself for development mode), so one server serves every test class of the JVM:
 * {@link #shared()} starts it once and a shutdown hook stops it. The database is in memory
 * ({@code --db=dev-mem}): every start begins with exactly the imported realm.
 */
final class KeycloakServer {

    static final String REALM = "hone";
    static final String TEST_CLIENT = "hone-test";
    static final String TEST_REALM_RESOURCE = "/keycloak/hone-test-realm.json";
    /** A second realm: its tokens are valid, but from another issuer. */
    static final String OTHER_REALM = "other";
    static final String OTHER_REALM_RESOURCE = "/keycloak/other-realm.json";
    /** A test client whose tokens lack the hone-api audience. */
    static final String NO_AUDIENCE_CLIENT = "hone-test-noaud";
    /** A test client whose access tokens expire after {@link #SHORT_LIFESPAN_SECONDS}. */
    static final String SHORT_LIVED_CLIENT = "hone-test-short";
    static final int SHORT_LIFESPAN_SECONDS = 5;
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private static final Logger LOG = Logger.getLogger(KeycloakServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KeycloakServer shared;
    private static Exception sharedFailure;

    private final Path home;
    private final Path logFile;
    private final int httpPort;
    private final int managementPort;
    private final String adminUsername = "bootstrap-admin";
    private final String adminPassword = randomSecret();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private Duration startupTime;

    KeycloakServer(Path home, Path logFile) throws IOException {
        this.home = home.toAbsolutePath().normalize();
        this.logFile = logFile.toAbsolutePath().normalize();
        int[] ports = HoneProcess.freePorts(2);
        this.httpPort = ports[0];
        this.managementPort = ports[1];
    }

    /** The server shared by all test classes of this JVM, started on first use. */
    static synchronized KeycloakServer shared() throws Exception {
        if (sharedFailure != null) {
            // A failed start is not retried by every later test class: each try costs minutes.
            throw new IllegalStateException("Keycloak failed to start earlier in this JVM", sharedFailure);
        }
        if (shared == null) {
            try {
                KeycloakServer server = new KeycloakServer(home(),
                        Path.of(System.getProperty("hone.keycloak.log", "target/keycloak.log")));
                Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "keycloak-stop"));
                server.start();
                shared = server;
            } catch (Exception e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /** The unpacked distribution: {@code hone.keycloak.home}, set by the failsafe configuration. */
    static Path home() {
        Path home = Path.of(System.getProperty("hone.keycloak.home", "target/keycloak/keycloak-26.7.3"));
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home.toAbsolutePath()
                    + ": run the tests through Maven (./mvnw verify -pl tests), which unpacks it");
        }
        return home;
    }

    void start() throws Exception {
        Path importDir = home.resolve("data/import");
        Files.createDirectories(importDir);
        try (var old = Files.list(importDir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        // Keycloak insists that an import file is named <realm>-realm.json.
        try (InputStream realm = KeycloakServer.class.getResourceAsStream(TEST_REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException("Missing test resource " + TEST_REALM_RESOURCE);
            }
            Files.copy(realm, importDir.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (InputStream other = KeycloakServer.class.getResourceAsStream(OTHER_REALM_RESOURCE)) {
            Files.copy(other, importDir.resolve(OTHER_REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(logFile.getParent());

        List<String> cmd = List.of("sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort, "--health-enabled=true",
                "--hostname-strict=false", "--db=dev-mem", "--import-realm");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("KEYCLOAK_") || k.startsWith("JAVA_OPTS"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        // C1 only: on two busy cores this cut readiness from about 41 s to 20-29 s; the tests
        // send a handful of requests, so peak throughput does not matter.
        env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", adminUsername);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);

        LOG.infof("Starting Keycloak %s on http://127.0.0.1:%d with Java %s; log: %s", home.getFileName(), httpPort,
                Runtime.version(), logFile);
        long started = System.nanoTime();
        process = pb.start();
        awaitReady(started + STARTUP_TIMEOUT.toNanos());
        startupTime = Duration.ofNanos(System.nanoTime() - started);
        LOG.infof("Keycloak ready in %.1f s", startupTime.toMillis() / 1000.0);
    }

    private void awaitReady(long deadline) throws Exception {
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; log:\n" + logTail());
            }
            try {
                var r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        stop();
        throw new IllegalStateException("Keycloak was not ready within " + STARTUP_TIMEOUT + "; log:\n" + logTail());
    }

    /** Stops the server (SIGTERM to the script and the JVM it started; SIGKILL after 30 s) and waits for it. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        try {
            for (ProcessHandle p : tree) {
                p.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception slow) {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
        process = null;
    }

    /** How long the last {@link #start()} took until Keycloak reported ready. */
    Duration startupTime() {
        return startupTime;
    }

    /** The {@code iss} of the realm's tokens, and what the application is configured with. */
    String issuer() {
        return "http://127.0.0.1:" + httpPort + "/realms/" + REALM;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** An access token for a user of the test realm, through the password grant of {@value #TEST_CLIENT}. */
    String token(String username, String password) throws Exception {
        HttpResponse<String> r = tokenResponse(username, password);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Token request for " + username + " answered " + r.statusCode() + ": "
                    + r.body());
        }
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    /** An access token through the password grant of another test client of the realm. */
    String token(String username, String password, String clientId) throws Exception {
        return accessToken(tokenResponse(REALM, clientId, username, password), username);
    }

    /** An access token from another realm of this server (another issuer). */
    String tokenFromRealm(String realm, String username, String password) throws Exception {
        return accessToken(tokenResponse(realm, TEST_CLIENT, username, password), username);
    }

    private static String accessToken(HttpResponse<String> r, String username) throws Exception {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Token request for " + username + " answered " + r.statusCode() + ": "
                    + r.body());
        }
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    /** The token endpoint's raw answer to a password grant, for tests of refusals. */
    HttpResponse<String> tokenResponse(String username, String password) throws Exception {
        return tokenResponse(REALM, TEST_CLIENT, username, password);
    }

    private HttpResponse<String> tokenResponse(String realm, String clientId, String username, String password)
            throws Exception {
        return postForm(baseUri().resolve("/realms/" + realm + "/protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", clientId, "username", username, "password", password,
                "scope", "openid"));
    }

    /** An access token of the bootstrap administrator (realm {@code master}), for the admin REST API. */
    String adminToken() throws Exception {
        HttpResponse<String> r = postForm(baseUri().resolve("/realms/master/protocol/openid-connect/token"), Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", adminUsername,
                "password", adminPassword));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Admin token request answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    /** GET on the admin REST API of the test realm, e.g. {@code /clients?clientId=hone-api}. */
    JsonNode admin(String realmPath) throws Exception {
        var r = http.send(HttpRequest.newBuilder(baseUri().resolve("/admin/realms/" + REALM + realmPath))
                .header("Authorization", "Bearer " + adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + realmPath + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * Lets the console client sign people in to a Hone at {@code origin} (say http://127.0.0.1:41234): adds it to
     * the client's redirect and post-logout URIs, as an operator does for the address Hone is served at; and gives
     * the console's access tokens a lifetime of {@code tokenSeconds}.
     */
    void allowConsoleAt(String origin, int tokenSeconds) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode client =
                (com.fasterxml.jackson.databind.node.ObjectNode) admin("/clients?clientId=hone-console").get(0);
        ((com.fasterxml.jackson.databind.node.ArrayNode) client.withArray("redirectUris")).add(origin + "/*");
        com.fasterxml.jackson.databind.node.ObjectNode attributes = client.withObject("attributes");
        attributes.put("post.logout.redirect.uris", attributes.path("post.logout.redirect.uris").asText() + "##"
                + origin + "/*");
        attributes.put("access.token.lifespan", Integer.toString(tokenSeconds));
        var r = http.send(HttpRequest.newBuilder(baseUri().resolve("/admin/realms/" + REALM + "/clients/"
                        + client.path("id").asText()))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("Updating hone-console answered " + r.statusCode() + ": " + r.body());
        }
    }

    private HttpResponse<String> postForm(URI uri, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String logTail() throws IOException {
        if (!Files.exists(logFile)) {
            return "";
        }
        List<String> lines = Files.readAllLines(logFile);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
