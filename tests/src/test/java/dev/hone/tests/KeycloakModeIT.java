package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.api.OperationMatrix;
import dev.hone.security.roles.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application with Keycloak identity, against a real Keycloak: the role matrix with
 * real tokens, and every kind of bad token refused with 401.
 */
class KeycloakModeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Role, String> USERS = Map.of(Role.VIEWER, "viewer", Role.DATA_SCIENTIST, "scientist",
            Role.APPROVER, "approver", Role.ADMIN, "admin", Role.MODEL_CONSUMER, "consumer");
    private static final String QUERY = "{ me { username roles } }";

    @TempDir
    static Path workDir;
    static KeycloakServer keycloak;
    static HoneProcess hone;
    static final Map<Role, String> tokens = new EnumMap<>(Role.class);

    @BeforeAll
    static void start() throws Exception {
        keycloak = KeycloakServer.shared();
        hone = new HoneProcess(workDir, "-Dhone.security.identity=keycloak",
                "-Dquarkus.oidc.auth-server-url=" + keycloak.issuer(),
                "-Dhone.security.predict-burst=5", "-Dhone.security.predict-rate-per-second=1",
                "-Dhone.security.sign-in.free-failures=3", "-Dhone.security.sign-in.base-delay=1s",
                "-Dhone.security.sign-in.max-delay=2s");
        hone.start();
        for (var e : USERS.entrySet()) {
            tokens.put(e.getKey(), keycloak.token(e.getValue(), e.getValue() + "-password"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (hone != null) {
            hone.stop();
        }
    }

    private static Map<String, Object> call(String authorization, String document) {
        try {
            String body = hone.graphqlWith(authorization, document, Map.of()).body();
            return JSON.readValue(body, new TypeReference<>() { });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyOperationFollowsTheRoleMatrixWithKeycloakTokens() {
        // Every @GraphQLApi class on the class path, so a new resolver class cannot be missed.
        List<Class<?>> apis = new com.tngtech.archunit.core.importer.ClassFileImporter()
                .importPackages("dev.hone.api").stream()
                .filter(c -> c.isAnnotatedWith(org.eclipse.microprofile.graphql.GraphQLApi.class))
                .<Class<?>>map(c -> c.reflect()).toList();
        assertThat(apis).hasSizeGreaterThanOrEqualTo(6);
        var declared = OperationMatrix.declaredPermissions(apis);
        var result = new OperationMatrix((role, document) ->
                call(role == null ? null : "Bearer " + tokens.get(role), document)).check(declared);
        assertThat(result.problems()).isEmpty();
        assertThat(result.checked()).containsExactlyInAnyOrderElementsOf(declared.keySet());
    }

    @Test
    void fourEyesAuditAndRateLimitWithKeycloakUsers() throws Exception {
        String lead = "Bearer " + keycloak.token("lead", "lead-password");
        byte[] iris = java.nio.file.Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        assertThat(hone.post("/api/datasets/iris-kc", lead, "text/csv", iris).statusCode()).isEqualTo(201);
        var started = JSON.readTree(hone.graphqlWith(lead, "mutation { startRun(input: {dataset: \"iris-kc\", "
                + "target: \"species\", modelName: \"kc-model\", training: {maxEpochs: 10}}) { id } }", Map.of()).body());
        long runId = started.path("data").path("startRun").path("id").asLong();
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        String status;
        do {
            Thread.sleep(300);
            status = JSON.readTree(hone.graphqlWith(lead, "{ run(id: " + runId + ") { status } }", Map.of()).body())
                    .path("data").path("run").path("status").asText();
        } while (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status) && System.nanoTime() < deadline);
        assertThat(status).isEqualTo("SUCCEEDED");

        String approve = "mutation { approveModelVersion(model: \"kc-model\", version: 1) { approvalStatus approvedBy } }";
        var byStarter = JSON.readTree(hone.graphqlWith(lead, approve, Map.of()).body());
        assertThat(byStarter.path("errors").get(0).path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
        var byApprover = JSON.readTree(hone.graphqlWith("Bearer " + tokens.get(Role.APPROVER), approve, Map.of()).body());
        assertThat(byApprover.path("data").path("approveModelVersion").path("approvalStatus").asText())
                .isEqualTo("APPROVED");

        var audit = JSON.readTree(hone.graphqlWith("Bearer " + tokens.get(Role.ADMIN),
                "{ auditEvents(operation: \"approveModelVersion\") { items { actor outcome } } }", Map.of()).body());
        assertThat(audit.path("data").path("auditEvents").path("items").toString())
                .contains("\"actor\":\"lead\",\"outcome\":\"DENIED\"")
                .contains("\"actor\":\"approver\",\"outcome\":\"SUCCEEDED\"");

        // A model consumer's burst over the limit (5 at once, then 1 a second) gets 429; others are unaffected.
        byte[] row = "{\"rows\":[{\"sepal_length\":\"5.1\",\"sepal_width\":\"3.5\",\"petal_length\":\"1.4\",\"petal_width\":\"0.2\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        String consumer = "Bearer " + tokens.get(Role.MODEL_CONSUMER);
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(hone.post("/api/models/kc-model/predict", consumer, "application/json", row).statusCode());
        }
        assertThat(statuses).contains(200, 429);
        assertThat(statuses.stream().filter(x -> x == 200).count()).isBetween(5L, 7L);
        var viewer = hone.post("/api/models/kc-model/predict", "Bearer " + tokens.get(Role.VIEWER), "application/json", row);
        assertThat(viewer.statusCode()).isEqualTo(200);
        assertThat(viewer.body()).contains("probabilities").contains("setosa");
    }

    @Test
    void refusedTokensAreLoggedCountedAndHeldPerClient() throws Exception {
        double before = bearerFailures();
        String[] parts = tokens.get(Role.VIEWER).split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        long previousEnd = 0;
        for (int i = 1; i <= 5; i++) {
            assertThat(hone.graphqlWith("Bearer " + forged, QUERY, Map.of()).statusCode()).isEqualTo(401);
            long end = System.nanoTime();
            // Whatever the client's count was before (other tests refuse tokens too), from the
            // fourth failure of this loop on it is at least 3, so each attempt waited at least
            // 1 s, then 2 s, after the refusal before it (less a little slack).
            if (i >= 4) {
                long hold = i == 4 ? 1000 : 2000;
                assertThat(java.time.Duration.ofNanos(end - previousEnd)).as("attempt %d", i)
                        .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(hold - 250));
            }
            previousEnd = end;
        }
        assertThat(bearerFailures()).isEqualTo(before + 5);
        // The log names the client and the user the token claims, never the token.
        String log = hone.log();
        assertThat(log).contains("Refused bearer token from 127.0.0.1 (it names user 'viewer'");
        assertThat(log).doesNotContain(parts[2]).doesNotContain(parts[1]);
    }

    /** With Keycloak the explorer's page opens without a token (a navigation carries none); its queries need one. */
    @Test
    void theExplorerOpensAndItsQueriesNeedAToken() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var page = http.send(java.net.http.HttpRequest.newBuilder(hone.uri("/q/graphql-ui/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("graphiql");
        var query = hone.graphqlWith(null, "{ me { username } }", Map.of());
        assertThat(query.statusCode()).isEqualTo(401);
    }

    private static double bearerFailures() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(hone.uri("/q/metrics"))
                        .header("Authorization", "Bearer " + tokens.get(Role.ADMIN)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?m)^hone_sign_in_failures_total\\{[^}]*scheme=\"bearer\"[^}]*} ([0-9.eE+]+)$").matcher(r.body());
        assertThat(m.find()).as("hone_sign_in_failures_total{scheme=\"bearer\"}").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void tokenRolesComeFromTheRealm() throws Exception {
        var r = JSON.readTree(hone.graphqlWith("Bearer " + tokens.get(Role.DATA_SCIENTIST), QUERY, Map.of()).body());
        assertThat(r.path("data").path("me").path("username").asText()).isNotBlank();
        assertThat(r.path("data").path("me").path("roles").toString()).contains("data-scientist");
    }

    @Test
    void tamperedTokenIsRefused() throws Exception {
        String[] parts = tokens.get(Role.VIEWER).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"viewer\"", "\"admin\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(hone.graphqlWith("Bearer " + forged, QUERY, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void garbageAndLocalCredentialsAreRefused() throws Exception {
        assertThat(hone.graphqlWith("Bearer not-a-token", QUERY, Map.of()).statusCode()).isEqualTo(401);
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:anything".getBytes(StandardCharsets.UTF_8));
        assertThat(hone.graphqlWith(basic, QUERY, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        String token = keycloak.token("viewer", "viewer-password", KeycloakServer.NO_AUDIENCE_CLIENT);
        assertThat(hone.graphqlWith("Bearer " + token, QUERY, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void wrongIssuerIsRefused() throws Exception {
        String token = keycloak.tokenFromRealm(KeycloakServer.OTHER_REALM, "viewer", "viewer-password");
        assertThat(hone.graphqlWith("Bearer " + token, QUERY, Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        String token = keycloak.token("viewer", "viewer-password", KeycloakServer.SHORT_LIVED_CLIENT);
        assertThat(hone.graphqlWith("Bearer " + token, QUERY, Map.of()).statusCode()).isEqualTo(200);
        Thread.sleep((KeycloakServer.SHORT_LIFESPAN_SECONDS + 2) * 1000L);
        assertThat(hone.graphqlWith("Bearer " + token, QUERY, Map.of()).statusCode()).isEqualTo(401);
    }
}
