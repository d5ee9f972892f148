package dev.hone.api;

import static dev.hone.api.Api.ADMIN;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every state-changing call, allowed or refused, leaves an audit event that only admins can read. */
@QuarkusTest
class AuditTest {

    private static final String EVENTS = """
            query($actor: String, $op: String) { auditEvents(actor: $actor, operation: $op, size: 50) {
                items { actor roles operation target outcome detail requestId } pageInfo { total } } }""";

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void allowedRefusedAndFailedCallsAreRecordedWithoutSecrets() {
        String model = Api.unique("audited");
        // refused: a viewer may not tag
        graphql(VIEWER, "mutation($m: String!) { setTag(model: $m, version: 1, key: \"k\", value: \"v\") { key } }",
                Map.of("m", model));
        // failed: the model does not exist
        graphql(SCIENTIST, "mutation($m: String!) { setTag(model: $m, version: 1, key: \"k\", value: \"v\") { key } }",
                Map.of("m", model));
        // succeeded, with a password that must not be stored
        String user = Api.unique("auditee").toLowerCase();
        JsonPath saved = graphql(ADMIN, "mutation($u: String!) { saveUser(username: $u, password: \"secret-password-123\", roles: [\"viewer\"]) { username } }",
                Map.of("u", user));
        assertThat(errorCode(saved)).isNull();

        JsonPath denied = graphql(ADMIN, EVENTS, Map.of("actor", VIEWER, "op", "setTag"));
        List<Map<String, Object>> deniedItems = denied.getList("data.auditEvents.items");
        assertThat(deniedItems).anySatisfy(e -> {
            assertThat(e.get("outcome")).isEqualTo("DENIED");
            assertThat((String) e.get("target")).contains(model);
            assertThat(e.get("roles")).isEqualTo(List.of("viewer"));
            assertThat((String) e.get("requestId")).isNotBlank();
        });

        JsonPath failed = graphql(ADMIN, EVENTS, Map.of("actor", SCIENTIST, "op", "setTag"));
        List<Map<String, Object>> failedItems = failed.getList("data.auditEvents.items");
        assertThat(failedItems).anySatisfy(e -> {
            assertThat(e.get("outcome")).isEqualTo("FAILED");
            assertThat((String) e.get("detail")).startsWith("NOT_FOUND");
        });

        JsonPath ok = graphql(ADMIN, EVENTS, Map.of("actor", ADMIN, "op", "saveUser"));
        List<Map<String, Object>> okItems = ok.getList("data.auditEvents.items");
        assertThat(okItems).anySatisfy(e -> {
            assertThat(e.get("outcome")).isEqualTo("SUCCEEDED");
            assertThat((String) e.get("target")).contains(user).contains("(hidden)").doesNotContain("secret-password-123");
        });
    }

    @Test
    void aProtectedAliasRefusedForWantOfApprovalIsADenial() {
        String model = Api.unique("guarded");
        JsonPath r = graphql(SCIENTIST, "mutation($m: String!) { setAlias(model: $m, alias: \"production\", version: 1) "
                + "{ alias } }", Map.of("m", model));
        assertThat(errorCode(r)).isEqualTo("FORBIDDEN");
        List<Map<String, Object>> items = graphql(ADMIN, EVENTS, Map.of("actor", SCIENTIST, "op", "setAlias"))
                .getList("data.auditEvents.items");
        assertThat(items).anySatisfy(e -> {
            assertThat((String) e.get("target")).contains(model);
            assertThat(e.get("outcome")).isEqualTo("DENIED");
            assertThat((String) e.get("detail")).startsWith("FORBIDDEN").contains("protected");
        });
    }

    @Test
    void onlyAdminsReadTheAuditLog() {
        JsonPath r = graphql(SCIENTIST, EVENTS, Map.of());
        assertThat(errorCode(r)).isEqualTo("FORBIDDEN");
    }

    @Test
    void restUploadIsAuditedWithTheCallersRequestId() {
        String name = Api.unique("audited-upload");
        Api.as(SCIENTIST).header("X-Request-Id", "req-" + name).contentType("text/csv").body("a,b\n1,2\n")
                .post("/api/datasets/" + name).then().statusCode(201).header("X-Request-Id", "req-" + name);
        JsonPath events = graphql(ADMIN, EVENTS, Map.of("actor", SCIENTIST, "op", "POST /api/datasets/{name}"));
        List<Map<String, Object>> items = events.getList("data.auditEvents.items");
        assertThat(items).anySatisfy(e -> {
            assertThat(e.get("requestId")).isEqualTo("req-" + name);
            assertThat((String) e.get("target")).contains(name);
            assertThat(e.get("outcome")).isEqualTo("SUCCEEDED");
        });
    }
}
