package dev.hone.workflows.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hone.workflows.common.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the workflow histories that {@link ModelOptimizationWorkflowReplayTest} replays. It does
 * not run in the normal build. Re-record only when a workflow change is meant to be incompatible
 * (and no run of the old code can still be open); otherwise put the change behind
 * {@code Workflow.getVersion} and keep the old histories. To re-record, from the repository root:
 *
 * <pre>
 * ./mvnw -B -pl workflows test -Dtest=ModelOptimizationHistoryRecorderTest -Dhone.recordHistories=true
 * </pre>
 *
 * The histories are written to {@code workflows/src/test/resources/histories/}; commit them with
 * the change.
 */
@EnabledIfSystemProperty(named = "hone.recordHistories", matches = "true")
class ModelOptimizationHistoryRecorderTest {

    private static final Path HISTORIES =
            Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "histories");

    @Test
    void recordSuccessfulRun() throws IOException {
        FakePipeline fakes = new FakePipeline();
        try (TestWorkflowEnvironment testEnv = newEnvironment()) {
            fakes.startWorkers(testEnv, TaskQueues.CPU);
            WorkflowClient client = testEnv.getWorkflowClient();

            FakePipeline.newWorkflow(client).run(FakePipeline.request("CPU"));

            write(client, "model-optimization-success.json");
        }
    }

    @Test
    void recordInvalidInputRun() throws IOException {
        FakePipeline fakes = new FakePipeline();
        fakes.preprocess = request -> {
            throw ApplicationFailure.newNonRetryableFailure(
                    "Target column 'x' does not exist", "INVALID_INPUT");
        };
        try (TestWorkflowEnvironment testEnv = newEnvironment()) {
            fakes.startWorkers(testEnv, TaskQueues.CPU);
            WorkflowClient client = testEnv.getWorkflowClient();

            assertThat(catchThrowableOfType(WorkflowFailedException.class,
                    () -> FakePipeline.newWorkflow(client).run(FakePipeline.request("CPU")))).isNotNull();

            write(client, "model-optimization-invalid-input.json");
        }
    }

    /** A fixed identity keeps the recording machine's host name and pid out of the histories. */
    private static TestWorkflowEnvironment newEnvironment() {
        return TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setIdentity("hone-history-recorder").build())
                .build());
    }

    private static void write(WorkflowClient client, String fileName) throws IOException {
        String json = client.fetchHistory(ModelOptimizationWorkflow.workflowId(FakePipeline.RUN_ID, 1)).toJson(true);
        Files.createDirectories(HISTORIES);
        Files.writeString(HISTORIES.resolve(fileName), json + "\n");
    }
}
