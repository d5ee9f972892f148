package dev.hone.api;

import static dev.hone.api.Api.ADMIN;
import static dev.hone.api.Api.APPROVER;
import static dev.hone.api.Api.PASSWORD;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Separation of duties: whoever started the run cannot approve its version; another approver can. */
@QuarkusTest
class FourEyesTest {

    /** Holds both roles, so only the four-eyes rule stands between it and approving its own work. */
    private static final String LEAD = "lead";

    @BeforeEach
    void users() {
        Api.ensureUsers();
        JsonPath r = graphql(ADMIN, "mutation { saveUser(username: \"lead\", password: \"" + PASSWORD
                + "\", roles: [\"data-scientist\", \"approver\"]) { username } }", Map.of());
        assertThat(errorCode(r)).isNull();
    }

    @Test
    void starterCannotApproveButAnotherApproverCanAndTheAuditLogShowsAllAttempts() throws Exception {
        String dataset = Api.unique("iris-4eyes");
        String model = Api.unique("four-eyes");
        assertThat(Api.upload(LEAD, dataset, Api.iris()).statusCode()).isEqualTo(201);
        long runId = graphql(LEAD, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", model,
                        "training", Map.of("maxEpochs", 20)))).getLong("data.startRun.id");
        assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");

        String approve = "mutation($m: String!) { approveModelVersion(model: $m, version: 1, comment: \"ok\") { approvalStatus approvedBy } }";
        JsonPath byScientist = graphql(SCIENTIST, approve, Map.of("m", model));
        assertThat(errorCode(byScientist)).isEqualTo("FORBIDDEN");

        JsonPath byStarter = graphql(LEAD, approve, Map.of("m", model));
        assertThat(errorCode(byStarter)).isEqualTo("FORBIDDEN");
        assertThat(errorMessage(byStarter)).contains("lead started").contains("another approver");

        JsonPath byApprover = graphql(APPROVER, approve, Map.of("m", model));
        assertThat(errorCode(byApprover)).isNull();
        assertThat(byApprover.getString("data.approveModelVersion.approvalStatus")).isEqualTo("APPROVED");
        assertThat(byApprover.getString("data.approveModelVersion.approvedBy")).isEqualTo(APPROVER);

        JsonPath twice = graphql(ADMIN, approve, Map.of("m", model));
        assertThat(errorCode(twice)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(twice)).contains("already APPROVED by approver");

        JsonPath events = graphql(ADMIN, "{ auditEvents(operation: \"approveModelVersion\", size: 100) { items { actor outcome target } } }",
                Map.of());
        List<Map<String, Object>> mine = events.<Map<String, Object>>getList("data.auditEvents.items").stream()
                .filter(e -> ((String) e.get("target")).contains(model)).toList();
        assertThat(mine).extracting(e -> e.get("actor") + ":" + e.get("outcome"))
                .contains("scientist:DENIED", "lead:FAILED", "approver:SUCCEEDED", "admin:FAILED");
    }

    @Test
    void rejectionNeedsAReason() {
        JsonPath r = graphql(APPROVER, "mutation { rejectModelVersion(model: \"x\", version: 1, comment: \" \") { approvalStatus } }",
                Map.of());
        assertThat(errorCode(r)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(r)).contains("comment");
    }
}
