package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The realm Hone ships, imported into a real Keycloak: tokens of each test user carry exactly their
 * Hone realm role in {@code realm_access.roles} (beside Keycloak's default roles, as for users an
 * operator creates), the realm's issuer and the audience {@code hone-api}
 * (what the application's quarkus-oidc checks); the console client only runs the code flow with
 * PKCE S256; the API client has a secret Keycloak generated, and no login flow.
 */
class KeycloakServerIT {

    private static final Logger LOG = Logger.getLogger(KeycloakServerIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The realm roles Hone maps to permissions; Keycloak adds its own (default-roles-hone, offline_access, ...). */
    private static final Set<String> HONE_ROLES = Set.of("viewer", "data-scientist", "approver", "admin",
            "model-consumer");
    private static KeycloakServer keycloak;

    @BeforeAll
    static void startKeycloak() throws Exception {
        keycloak = KeycloakServer.shared();
        LOG.infof("Keycloak became ready in %.1f s", keycloak.startupTime().toMillis() / 1000.0);
    }

    @ParameterizedTest(name = "{0} has {1}")
    @CsvSource({
        "viewer, viewer",
        "scientist, data-scientist",
        "scientist2, data-scientist",
        "approver, approver",
        "admin, admin",
        "consumer, model-consumer"})
    void accessTokenCarriesTheUsersRoleIssuerAndApiAudience(String user, String role) throws Exception {
        JsonNode claims = payload(keycloak.token(user, user + "-password"));

        assertThat(claims.path("preferred_username").asText()).isEqualTo(user);
        assertThat(texts(claims.path("realm_access").path("roles")).stream().filter(HONE_ROLES::contains))
                .containsExactly(role);
        assertThat(claims.path("iss").asText()).isEqualTo(keycloak.issuer());
        assertThat(texts(claims.path("aud"))).contains("hone-api");
    }

    @Test
    void discoveryDocumentNamesTheIssuerTheApplicationIsConfiguredWith() throws Exception {
        var r = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/.well-known/openid-configuration"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("issuer").asText()).isEqualTo(keycloak.issuer());
    }

    @Test
    void wrongPasswordGetsNoToken() throws Exception {
        HttpResponse<String> r = keycloak.tokenResponse("scientist2", "not-the-password");

        // RFC 6749 section 5.2: bad resource-owner credentials are "invalid_grant" with 400
        // (401 is for a failed client authentication).
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.path("error").asText()).isEqualTo("invalid_grant");
        assertThat(error.has("access_token")).isFalse();
    }

    @Test
    void consoleLoginWithoutPkceIsRefusedAndWithS256IsShown() throws Exception {
        String authorize = keycloak.issuer() + "/protocol/openid-connect/auth?client_id=hone-console"
                + "&response_type=code&scope=openid&state=s1&redirect_uri="
                + URLEncoder.encode("http://127.0.0.1:8080/callback", StandardCharsets.UTF_8);
        String s256Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; // RFC 7636 appendix B

        var withoutPkce = HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.discarding());
        var plainPkce = HTTP.send(HttpRequest.newBuilder(URI.create(authorize + "&code_challenge_method=plain"
                + "&code_challenge=" + s256Challenge)).build(), HttpResponse.BodyHandlers.discarding());
        var s256Pkce = HTTP.send(HttpRequest.newBuilder(URI.create(authorize + "&code_challenge_method=S256"
                + "&code_challenge=" + s256Challenge)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(withoutPkce.statusCode()).isEqualTo(302);
        assertThat(withoutPkce.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).startsWith("http://127.0.0.1:8080/callback?error=invalid_request"));
        assertThat(plainPkce.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).contains("error=invalid_request"));
        assertThat(s256Pkce.statusCode()).isEqualTo(200);
        assertThat(s256Pkce.body()).contains("kc-form-login");
    }

    @Test
    void consoleClientCannotUseThePasswordGrant() throws Exception {
        String form = "grant_type=password&client_id=hone-console&username=viewer&password=viewer-password";
        var r = HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("unauthorized_client");
    }

    @Test
    void apiClientIsConfidentialWithAGeneratedSecretAndNoLoginFlow() throws Exception {
        JsonNode api = keycloak.admin("/clients?clientId=hone-api").get(0);

        assertThat(api.path("publicClient").asBoolean()).isFalse();
        assertThat(api.path("standardFlowEnabled").asBoolean()).isFalse();
        assertThat(api.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(api.path("implicitFlowEnabled").asBoolean()).isFalse();
        assertThat(api.path("serviceAccountsEnabled").asBoolean()).isFalse();
        JsonNode secret = keycloak.admin("/clients/" + api.path("id").asText() + "/client-secret");
        assertThat(secret.path("value").asText()).hasSizeGreaterThanOrEqualTo(32);
    }

    private static JsonNode payload(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        assertThat(parts).as("a signed JWT has three parts").hasSize(3);
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    /** A claim that may be one string or an array of strings ({@code aud} is either). */
    private static List<String> texts(JsonNode claim) {
        List<String> values = new ArrayList<>();
        if (claim.isArray()) {
            claim.forEach(v -> values.add(v.asText()));
        } else if (claim.isTextual()) {
            values.add(claim.asText());
        }
        return values;
    }
}
