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

/**
 * Separation of duties: nobody who started an attempt of a run (the first start or a restart) may
 * approve or reject its version; another approver can. Such refusals are audited as DENIED.
 */
@QuarkusTest
class FourEyesTest {

    /** Holds both roles, so only the four-eyes rule stands between it and approving its own work. */
    private static final String LEAD = "lead";
    /** A second data scientist who may approve: restarts another's run. */
    private static final String DEPUTY = "deputy";

    @BeforeEach
    void users() {
        Api.ensureUsers();
        for (String user : List.of(LEAD, DEPUTY)) {
            JsonPath r = graphql(ADMIN, "mutation($u: String!) { saveUser(username: $u, password: \"" + PASSWORD
                    + "\", roles: [\"data-scientist\", \"approver\"]) { username } }", Map.of("u", user));
            assertThat(errorCode(r)).isNull();
        }
    }

    @Test
    void starterCannotApproveButAnotherApproverCanAndTheAuditLogShowsAllAttempts() throws Exception {
        String model = Api.unique("four-eyes");
        long runId = startAsLead(model, 20);
        assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");

        String approve = "mutation($m: String!) { approveModelVersion(model: $m, version: 1, comment: \"ok\") { approvalStatus approvedBy } }";
        JsonPath byScientist = graphql(SCIENTIST, approve, Map.of("m", model));
        assertThat(errorCode(byScientist)).isEqualTo("FORBIDDEN");

        JsonPath byStarter = graphql(LEAD, approve, Map.of("m", model));
        assertThat(errorCode(byStarter)).isEqualTo("FORBIDDEN");
        assertThat(errorMessage(byStarter)).contains("lead started").contains("another approver");
        JsonPath ineligible = graphql(APPROVER, "query($m: String!) { modelVersion(model: $m, version: 1) { "
                + "ineligibleApprovers } }", Map.of("m", model));
        assertThat(ineligible.getList("data.modelVersion.ineligibleApprovers")).containsExactly(LEAD);

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
                .contains("scientist:DENIED", "lead:DENIED", "approver:SUCCEEDED", "admin:FAILED");
    }

    @Test
    void whoeverRestartedTheRunCannotDecideEitherNorCanItsFirstStarter() throws Exception {
        String model = Api.unique("restarted");
        // Training long enough (2,000 epochs, no early stop: seconds) to be cancelled while it trains, as
        // RunLifecycleTest does; another data scientist then restarts the run.
        long runId = startAsLead(model, 2000);
        Api.awaitRun(runId, run -> "TRAIN".equals(run.get("currentStage")), Duration.ofMinutes(1));
        assertThat(errorCode(graphql(LEAD, "mutation($id: ID!) { cancelRun(id: $id) { id } }", Map.of("id", runId))))
                .isNull();
        assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(1)).get("status")).isEqualTo("CANCELLED");
        JsonPath restarted = graphql(DEPUTY, "mutation($id: ID!) { restartRun(id: $id) { attempt } }",
                Map.of("id", runId));
        assertThat(errorCode(restarted)).isNull();
        assertThat(restarted.getInt("data.restartRun.attempt")).isEqualTo(2);
        assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");

        JsonPath attempts = graphql(APPROVER, "query($id: ID!) { run(id: $id) { attempts { attempt startedBy } } }",
                Map.of("id", runId));
        assertThat(attempts.getList("data.run.attempts.startedBy")).containsExactly(LEAD, DEPUTY);
        JsonPath ineligible = graphql(APPROVER, "query($m: String!) { modelVersion(model: $m, version: 1) { "
                + "ineligibleApprovers } }", Map.of("m", model));
        assertThat(ineligible.getList("data.modelVersion.ineligibleApprovers")).containsExactly(LEAD, DEPUTY);

        String approve = "mutation($m: String!) { approveModelVersion(model: $m, version: 1) { approvalStatus } }";
        String reject = "mutation($m: String!) { rejectModelVersion(model: $m, version: 1, comment: \"no\") { approvalStatus } }";
        for (String user : List.of(DEPUTY, LEAD)) {
            for (String decision : List.of(approve, reject)) {
                JsonPath r = graphql(user, decision, Map.of("m", model));
                assertThat(errorCode(r)).as(user).isEqualTo("FORBIDDEN");
                assertThat(errorMessage(r)).contains(user + " started").contains("run " + runId);
            }
        }
        JsonPath byApprover = graphql(APPROVER, approve, Map.of("m", model));
        assertThat(byApprover.getString("data.approveModelVersion.approvalStatus")).isEqualTo("APPROVED");

        JsonPath events = graphql(ADMIN, "{ auditEvents(outcome: DENIED, size: 100) { items { actor operation target } } }",
                Map.of());
        List<String> denied = events.<Map<String, Object>>getList("data.auditEvents.items").stream()
                .filter(e -> ((String) e.get("target")).contains(model)).map(e -> e.get("actor") + ":" + e.get("operation"))
                .toList();
        assertThat(denied).contains("deputy:approveModelVersion", "deputy:rejectModelVersion", "lead:approveModelVersion",
                "lead:rejectModelVersion");
    }

    /** Uploads iris as the lead and starts a run that trains {@code epochs} epochs for a version of {@code model}. */
    private static long startAsLead(String model, int epochs) {
        String dataset = Api.unique("iris-4eyes");
        assertThat(Api.upload(LEAD, dataset, Api.iris()).statusCode()).isEqualTo(201);
        return graphql(LEAD, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", model,
                        "training", Map.of("maxEpochs", epochs, "patience", epochs)))).getLong("data.startRun.id");
    }

    @Test
    void rejectionNeedsAReason() {
        JsonPath r = graphql(APPROVER, "mutation { rejectModelVersion(model: \"x\", version: 1, comment: \" \") { approvalStatus } }",
                Map.of());
        assertThat(errorCode(r)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(r)).contains("comment");
    }
}
