package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hone.api.OperationMatrix;
import dev.hone.api.graphql.AuditGraphQL;
import dev.hone.api.graphql.DatasetGraphQL;
import dev.hone.api.graphql.ModelGraphQL;
import dev.hone.api.graphql.RunGraphQL;
import dev.hone.api.graphql.UserGraphQL;
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
                "-Dquarkus.oidc.auth-server-url=" + keycloak.issuer());
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
        var declared = OperationMatrix.declaredPermissions(List.of(DatasetGraphQL.class, RunGraphQL.class,
                ModelGraphQL.class, UserGraphQL.class, AuditGraphQL.class));
        var result = new OperationMatrix((role, document) ->
                call(role == null ? null : "Bearer " + tokens.get(role), document)).check(declared);
        assertThat(result.problems()).isEmpty();
        assertThat(result.checked()).containsExactlyInAnyOrderElementsOf(declared.keySet());
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
