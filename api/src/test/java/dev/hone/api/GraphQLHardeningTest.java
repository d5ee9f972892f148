package dev.hone.api;

import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The GraphQL endpoint refuses anonymous introspection, deep or huge documents, and cross-origin use. */
@QuarkusTest
class GraphQLHardeningTest {

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void anonymousIntrospectionIsRefused() {
        Response r = given().contentType("application/json").body(Map.of("query", "{ __schema { types { name } } }"))
                .post("/graphql");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.jsonPath().getString("errors[0].extensions.code")).isEqualTo("UNAUTHENTICATED");
        assertThat(r.asString()).doesNotContain("RegisteredModel");
    }

    @Test
    void signedInUsersMayIntrospect() {
        var r = graphql(VIEWER, "{ __schema { queryType { name } } }", Map.of());
        assertThat(errorCode(r)).isNull();
        assertThat(r.getString("data.'__schema'.queryType.name")).isEqualTo("Query");
    }

    @Test
    void tooDeepQueriesAreRefused() {
        String deep = "{ __schema { types { fields { type { " + "ofType { ".repeat(14) + "name"
                + " }".repeat(14) + " } } } } }";
        var r = graphql(VIEWER, deep, Map.of());
        assertThat(r.getString("errors[0].message")).containsIgnoringCase("depth");
        assertThat(r.getMap("data")).isNull();
    }

    @Test
    void oversizedDocumentsAreRefused() {
        String huge = "{ me { username } }" + " ".repeat(300_000);
        var r = graphql(VIEWER, huge, Map.of());
        assertThat(errorCode(r)).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void aWrongPasswordFromTheConsoleGetsNoBrowserChallenge() {
        Map<String, String> me = Map.of("query", "{ me { username } }");
        Response console = given().auth().preemptive().basic(VIEWER, "wrong-password")
                .header("X-Requested-With", "XMLHttpRequest").contentType("application/json").body(me)
                .post("/graphql");
        Response script = given().auth().preemptive().basic(VIEWER, "wrong-password")
                .contentType("application/json").body(me).post("/graphql");

        assertThat(console.statusCode()).isEqualTo(401);
        assertThat(console.header("WWW-Authenticate")).isNull();
        assertThat(script.statusCode()).isEqualTo(401);
        assertThat(script.header("WWW-Authenticate")).isEqualToIgnoringCase("basic");
    }

    /** Without credentials: a browser is challenged (so the explorer's signed-in tab resends them), the console not. */
    @Test
    void noCredentialsChallengeBrowsersButNotTheConsole() {
        Map<String, String> me = Map.of("query", "{ me { username } }");
        Response console = given().header("X-Requested-With", "XMLHttpRequest").contentType("application/json")
                .body(me).post("/graphql");
        Response browser = given().contentType("application/json").body(me).post("/graphql");

        assertThat(console.statusCode()).isEqualTo(401);
        assertThat(console.header("WWW-Authenticate")).isNull();
        assertThat(browser.statusCode()).isEqualTo(401);
        assertThat(browser.header("WWW-Authenticate")).isEqualToIgnoringCase("basic");
        assertThat(browser.jsonPath().getString("errors[0].extensions.code")).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void crossOriginPreflightGetsNoPermission() {
        Response r = given().header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/graphql");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theSchemaFileNeedsCredentials() {
        assertThat(given().get("/graphql/schema.graphql").statusCode()).isEqualTo(401);
        Response signedIn = Api.as(VIEWER).get("/graphql/schema.graphql");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.asString()).contains("RegisteredModel");
    }

    @Test
    void onlyJsonPostsAreTaken() throws Exception {
        String json = "{\"query\": \"{ me { username } }\"}";
        for (var sent : Map.of("text/plain", json, "application/graphql", "{ me { username } }",
                "application/x-www-form-urlencoded", "query=%7B%20me%20%7B%20username%20%7D%20%7D").entrySet()) {
            for (boolean signedIn : new boolean[] {true, false}) {
                var r = post(sent.getKey(), sent.getValue(), signedIn);
                assertThat(r.statusCode()).as(sent.getKey()).isEqualTo(415);
                var body = new io.restassured.path.json.JsonPath(r.body());
                assertThat(body.getString("code")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
                assertThat(body.getString("message")).contains("application/json").contains(sent.getKey());
            }
        }
        assertThat(post(null, json, true).statusCode()).as("no Content-Type").isEqualTo(415);
        var ok = post("application/json; charset=UTF-8", json, true);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(new io.restassured.path.json.JsonPath(ok.body()).getString("data.me.username")).isEqualTo(VIEWER);
    }

    /** A raw POST to /graphql with exactly this Content-Type (none when null). */
    private static java.net.http.HttpResponse<String> post(String contentType, String body, boolean signedIn)
            throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + "/graphql"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (signedIn) {
            request.header("Authorization", GraphQLStream.basic(VIEWER, Api.PASSWORD));
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webSocketsOpenOnlyFromThisOriginAllowedOriginsOrClientsWithoutOne() throws Exception {
        String self = "http://127.0.0.1:" + io.restassured.RestAssured.port;
        assertThat(upgrade("https://elsewhere.example")).isEqualTo(403);
        assertThat(upgrade("null")).isEqualTo(403);
        assertThat(upgrade("http://127.0.0.1:1")).as("another port is another origin").isEqualTo(403);
        assertThat(upgrade(self)).isEqualTo(101);
        assertThat(upgrade("https://console.test.example")).as("configured").isEqualTo(101);
        assertThat(upgrade(null)).as("not a browser").isEqualTo(101);
    }

    /** Opens a graphql-transport-ws WebSocket with this Origin (or none); 101 when it opened, else the status. */
    private static int upgrade(String origin) throws Exception {
        var builder = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("graphql-transport-ws");
        if (origin != null) {
            builder.header("Origin", origin);
        }
        try {
            builder.buildAsync(java.net.URI.create("ws://127.0.0.1:" + io.restassured.RestAssured.port + "/graphql"),
                    new java.net.http.WebSocket.Listener() { }).get(10, java.util.concurrent.TimeUnit.SECONDS)
                    .abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void graphqlOverGetIsNotServed() {
        int status = Api.as(VIEWER).queryParam("query", "{ me { username } }").get("/graphql").statusCode();
        assertThat(status).isIn(404, 405);
    }
}
