package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every REST error has a {@code {"code","message"}} JSON body, also the ones the framework answers
 * before a resource runs (they came with empty bodies), and matrix parameters in paths are refused
 * instead of silently dropped.
 */
@QuarkusTest
class RestErrorBodiesTest {

    @TestHTTPResource("/")
    URI base;

    private static final byte[] CSV = "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void wrongCredentialsGetABodyAndTheChallenge() {
        Response r = given().auth().preemptive().basic(SCIENTIST, "wrong-password").contentType("text/csv").body(CSV)
                .post("/api/datasets/" + Api.unique("creds"));

        assertError(r, 401, "UNAUTHENTICATED", "not accepted");
        assertThat(r.header("WWW-Authenticate")).isNotBlank();
    }

    @Test
    void missingCredentialsGetABodyAndTheChallenge() {
        Response r = given().contentType("text/csv").body(CSV).post("/api/datasets/" + Api.unique("anonymous"));

        assertError(r, 401, "UNAUTHENTICATED", "Sign in first");
        assertThat(r.header("WWW-Authenticate")).isNotBlank();
    }

    @Test
    void theConsoleStillGetsNoBrowserChallenge() {
        Response r = given().auth().preemptive().basic(VIEWER, "wrong-password").header("X-Requested-With", "XMLHttpRequest")
                .contentType("application/json").body(Map.of("rows", java.util.List.of())).post("/api/models/m/predict");

        assertError(r, 401, "UNAUTHENTICATED", "not accepted");
        assertThat(r.header("WWW-Authenticate")).isNull();
    }

    @Test
    void wrongCredentialsOnGraphQLGetAGraphQLError() {
        Response r = given().auth().preemptive().basic(VIEWER, "wrong-password").contentType("application/json")
                .body(Map.of("query", "{ me { username } }")).post("/graphql");

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.jsonPath().getString("errors[0].extensions.code")).isEqualTo("UNAUTHENTICATED");
        assertThat(r.header("WWW-Authenticate")).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an image             | image/png          | UNSUPPORTED_MEDIA_TYPE | image/png
            JSON                 | application/json   | UNSUPPORTED_MEDIA_TYPE | application/json
            a form (curl's default) | application/x-www-form-urlencoded | UNSUPPORTED_MEDIA_TYPE | application/x-www-form-urlencoded
            """)
    void uploadsOfTheWrongTypeAreRefusedWithABody(String label, String type, String code, String expected)
            throws Exception {
        String name = Api.unique("typed");
        // Sent as they are: a test client would re-encode these bodies by their type.
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/datasets/" + name))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (SCIENTIST + ":" + Api.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(CSV)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.body()).contains("\"code\":\"" + code + "\"", expected);
        assertThat(Api.graphql(VIEWER, "query($n: String!) { dataset(name: $n) { name } }", Map.of("n", name))
                .getString("errors[0].extensions.code")).isEqualTo("NOT_FOUND");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            rows as a string    | {"rows": "x"}           | at 'rows'
            rows of numbers     | {"rows": [1, 2]}        | at 'rows[0]'
            not JSON            | nope                    | not valid JSON
            cut off             | {"rows": [{"a": "1"}    | not valid JSON
            """)
    void predictBodiesThatDoNotBindAreRefusedWithABody(String label, String body, String expected) {
        Response r = Api.as(VIEWER).contentType("application/json").body(body).post("/api/models/m/predict");

        assertError(r, 400, "INVALID_INPUT", expected);
    }

    @ParameterizedTest(name = "version={0}")
    @CsvSource({"abc", "4294967297", "1.5", "' 1'", "01", "-1", "0"})
    void predictVersionsMustBeVersionNumbers(String version) {
        Response r = Api.as(VIEWER).contentType("application/json").queryParam("version", version)
                .body(Map.of("rows", java.util.List.of(Map.of("a", "1")))).post("/api/models/m/predict");

        assertError(r, 400, "INVALID_INPUT", "'version'");
    }

    @Test
    void aWrongMethodIsRefusedWithABody() {
        Response r = Api.as(VIEWER).get("/api/datasets/x");

        assertError(r, 405, "METHOD_NOT_ALLOWED", "GET /api/datasets/x");
    }

    @Test
    void unknownApiPathsAreNotFoundWithABody() {
        assertError(Api.as(VIEWER).get("/api/nothing-here"), 404, "NOT_FOUND", "/api/nothing-here");
        assertError(Api.as(VIEWER).contentType("text/csv").body(CSV).post("/api/datasets/a/b/c"), 404, "NOT_FOUND",
                "/api/datasets/a/b/c");
    }

    @Test
    void matrixParametersInPathsAreRefusedAndNothingIsStored() {
        String name = Api.unique("matrix");
        Response r = Api.as(SCIENTIST).urlEncodingEnabled(false).contentType("text/csv").body(CSV)
                .post("/api/datasets/" + name + ";anything");

        assertError(r, 400, "INVALID_INPUT", "Matrix parameters");
        assertThat(Api.graphql(VIEWER, "query($n: String!) { dataset(name: $n) { name } }", Map.of("n", name))
                .getString("errors[0].extensions.code")).isEqualTo("NOT_FOUND");
    }

    private static void assertError(Response r, int status, String code, String messagePart) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getString("code")).as(r.asString()).isEqualTo(code);
        assertThat(r.jsonPath().getString("message")).contains(messagePart);
    }
}
