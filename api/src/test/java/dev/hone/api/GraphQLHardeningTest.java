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

    @Test
    void crossOriginPreflightGetsNoPermission() {
        Response r = given().header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/graphql");
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void graphqlOverGetIsNotServed() {
        int status = Api.as(VIEWER).queryParam("query", "{ me { username } }").get("/graphql").statusCode();
        assertThat(status).isIn(404, 405);
    }
}
