package dev.hone.api;

import static dev.hone.api.Api.ADMIN;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.workflows.pipeline.ModelOptimizationWorkflow;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run whose workflow cannot be started ends FAILED with the reason, never stays QUEUED, and the
 * caller is told why: the workflow service is unreachable (a real client on a port nothing listens
 * on), or it already has a workflow with the run's id.
 */
@QuarkusTest
class WorkflowStartFailureTest {

    private static final String START = "mutation($in: StartRunInput!) { startRun(input: $in) { id status } }";
    private static final String RUN = "query($id: ID!) { run(id: $id) { status attempt workflowId error endedAt "
            + "attempts { attempt startedBy } } }";

    @Inject
    WorkflowClient client;
    @Inject
    RunService runs;
    @Inject
    DatasetService datasets;

    private static String dataset;

    @BeforeEach
    void irisAndUsers() {
        Api.ensureUsers();
        if (dataset == null) {
            dataset = Api.unique("iris-no-workflow");
            assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        }
    }

    @Test
    void aRunWhoseWorkflowServiceCannotBeReachedEndsFailedWithTheReason() throws IOException {
        WorkflowServiceStubs unreachable = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + closedPort())
                // The SDK retries an unreachable service for a minute by default; two seconds show the same.
                .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(Duration.ofSeconds(2))
                        .validateBuildWithDefaults())
                .build());
        try {
            QuarkusMock.installMockForType(WorkflowClient.newInstance(unreachable), WorkflowClient.class);

            JsonPath r = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", dataset, "target", "species",
                    "modelName", Api.unique("never-started"))));

            assertThat(errorCode(r)).as(r.prettify()).isEqualTo("WORKFLOW_SERVICE_UNAVAILABLE");
            assertThat(errorMessage(r)).contains("was not started, and is recorded FAILED",
                    "the workflow service could not be reached (UNAVAILABLE", "restartRun")
                    .doesNotContain("127.0.0.1");
            long id = Long.parseLong(errorMessage(r).replaceFirst("^Run (\\d+) .*$", "$1"));
            JsonPath run = graphql(VIEWER, RUN, Map.of("id", id));
            assertThat(run.getString("data.run.status")).isEqualTo("FAILED");
            assertThat(run.getString("data.run.error"))
                    .startsWith("Not started: the workflow service could not be reached (UNAVAILABLE");
            assertThat(run.getString("data.run.endedAt")).isNotNull();
            assertThat(run.getList("data.run.attempts.startedBy")).containsExactly(SCIENTIST);
            assertThat(latestRunOf(dataset).id).isEqualTo(id);

            JsonPath audit = graphql(ADMIN, "{ auditEvents(operation: \"startRun\", outcome: FAILED, size: 1) "
                    + "{ items { actor detail } } }", Map.of());
            assertThat(audit.getString("data.auditEvents.items[0].detail"))
                    .startsWith("WORKFLOW_SERVICE_UNAVAILABLE: Run " + id + " was not started");
        } finally {
            unreachable.shutdownNow();
        }
    }

    @Test
    void aRestartWhoseWorkflowIdIsTakenEndsFailedWithTheReasonAndCanBeRestartedAgain() {
        long id = failedRun();
        String attempt2 = ModelOptimizationWorkflow.workflowId(id, 2);
        // A workflow with the id the next attempt will take, left by something this database does not know.
        WorkflowStub squatter = client.newUntypedWorkflowStub("Squatter", WorkflowOptions.newBuilder()
                .setWorkflowId(attempt2).setTaskQueue("hone-test-nobody-polls").build());
        squatter.start();
        try {
            JsonPath r = graphql(SCIENTIST, "mutation($id: ID!) { restartRun(id: $id) { id } }", Map.of("id", id));

            assertThat(errorCode(r)).as(r.prettify()).isEqualTo("WORKFLOW_SERVICE_UNAVAILABLE");
            assertThat(errorMessage(r)).contains("Run " + id + " was not started",
                    "already runs a workflow with id '" + attempt2 + "'");
            JsonPath run = graphql(VIEWER, RUN, Map.of("id", id));
            assertThat(run.getString("data.run.status")).isEqualTo("FAILED");
            assertThat(run.getInt("data.run.attempt")).isEqualTo(2);
            assertThat(run.getString("data.run.workflowId")).isEqualTo(attempt2);
            assertThat(run.getString("data.run.error"))
                    .startsWith("Not started: the workflow service already runs a workflow with id '" + attempt2 + "'");
            assertThat(run.getList("data.run.attempts.attempt", Integer.class)).containsExactly(1, 2);
        } finally {
            squatter.terminate("test over");
        }

        // The failed start is an ordinary end: the next attempt starts (and is cancelled at once to save the machine).
        JsonPath again = graphql(SCIENTIST, "mutation($id: ID!) { restartRun(id: $id) { attempt status } }",
                Map.of("id", id));
        assertThat(errorCode(again)).as(again.prettify()).isNull();
        assertThat(again.getInt("data.restartRun.attempt")).isEqualTo(3);
        assertThat(again.getString("data.restartRun.status")).isIn("QUEUED", "RUNNING");
        assertThat(errorCode(graphql(SCIENTIST, "mutation($id: ID!) { cancelRun(id: $id) { id } }",
                Map.of("id", id)))).isNull();
    }

    /** A run of the scientist's that ended FAILED after its first attempt, as a failed start leaves it. */
    private long failedRun() {
        long datasetVersion = datasets.version(dataset, null).id;
        Run run = runs.create(new RunService.RunSpec(datasetVersion, "species", null, Api.unique("restarted"), "CPU",
                1, "{\"maxEpochs\": 1}", null, null), SCIENTIST);
        runs.ended(run.id, null, RunStatus.FAILED, "the first attempt failed");
        return run.id;
    }

    private Run latestRunOf(String name) {
        List<Long> versions = List.of(datasets.version(name, null).id);
        return runs.list(null, versions, 0, 1).get(0);
    }

    /** A loopback port that nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
