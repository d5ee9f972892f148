package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Roles decide who may do what; nothing is open except health. */
@QuarkusTest
class AuthorizationTest {

    private static final String START = "mutation { startRun(input: {dataset: \"any\", target: \"y\"}) { id } }";

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void anonymousGraphQLCallsAreUnauthenticated() {
        var r = graphql(null, null, "{ datasets { items { name } } }", Map.of());
        assertThat(errorCode(r)).isEqualTo("UNAUTHENTICATED");
        assertThat(r.getMap("data")).isNull();
    }

    @Test
    void wrongPasswordIsRefused() {
        given().auth().preemptive().basic(SCIENTIST, "not-the-password").contentType("application/json")
                .body(Map.of("query", "{ me { username } }")).post("/graphql")
                .then().statusCode(401);
    }

    @Test
    void viewerCannotStartRunsOrUpload() {
        var r = graphql(VIEWER, START, Map.of());
        assertThat(errorCode(r)).isEqualTo("FORBIDDEN");
        assertThat(Api.errorMessage(r)).contains("RUN").contains("data-scientist");

        var upload = Api.upload(VIEWER, "viewer-data", "a,b\n1,2\n".getBytes());
        assertThat(upload.statusCode()).isEqualTo(403);
        assertThat(upload.jsonPath().getString("code")).isEqualTo("FORBIDDEN");
    }

    @Test
    void dataScientistCannotMoveAliasesOrManageUsers() {
        var alias = graphql(SCIENTIST, "mutation { setAlias(model: \"m\", alias: \"production\", version: 1) { alias } }", Map.of());
        assertThat(errorCode(alias)).isEqualTo("FORBIDDEN");
        var user = graphql(SCIENTIST, "mutation { saveUser(username: \"x\", password: \"123456789012\", roles: [\"admin\"]) { username } }", Map.of());
        assertThat(errorCode(user)).isEqualTo("FORBIDDEN");
    }

    @Test
    void anonymousUploadIsRefused() {
        given().contentType("text/csv").body("a,b\n1,2\n").post("/api/datasets/anon").then().statusCode(401);
    }

    @Test
    void healthIsOpen() {
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void theConsolesSignInSettingsAreOpenAndHoldNoSecret() {
        given().get("/console/config").then().statusCode(200)
                .body("identity", org.hamcrest.Matchers.equalTo("local"))
                .body("issuer", org.hamcrest.Matchers.nullValue())
                .body("clientId", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void theConsoleIsServedWithAPolicyThatAllowsOnlyHonesOwnScriptsAndNoFraming() {
        String policy = given().get("/").then().statusCode(200).extract().header("Content-Security-Policy");
        assertThat(policy).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .contains("connect-src 'self' http://127.0.0.1:8180/realms/hone/");
        assertThat(given().get("/").header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void meShowsTheCallersRoles() {
        var r = graphql(SCIENTIST, "{ me { username roles permissions } }", Map.of());
        assertThat(r.getString("data.me.username")).isEqualTo(SCIENTIST);
        assertThat(r.getList("data.me.roles")).containsExactly("data-scientist");
        assertThat(r.getList("data.me.permissions")).containsExactly("READ", "PREDICT", "UPLOAD_DATA", "RUN", "TAG",
                "SET_ALIAS");
    }
}
