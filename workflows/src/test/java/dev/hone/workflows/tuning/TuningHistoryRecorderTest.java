package dev.hone.workflows.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.StageArtifacts;
import dev.hone.workflows.pipeline.TrainingSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the study histories that {@link TuningWorkflowReplayTest} replays. It does not run in the
 * normal build; see {@code ModelOptimizationHistoryRecorderTest} for when and how to re-record (it
 * also records {@code tuning-reports.json}, the study of a run recorded by the release whose trials
 * reported each epoch to the workflow). To re-record these, from the repository root:
 *
 * <pre>
 * ./mvnw -B -pl workflows test -Dtest=TuningHistoryRecorderTest -Dhone.recordHistories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "hone.recordHistories", matches = "true")
class TuningHistoryRecorderTest {

    private static final Path HISTORIES =
            Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "histories");
    static final String WORKFLOW_ID = TuningWorkflow.workflowId("hone-run-42-attempt-1");
    static final StageArtifacts DATA = new StageArtifacts(Task.CLASSIFICATION, "sha256:train", "sha256:validation",
            "sha256:test", "sha256:transform", "sha256:quality", List.of("setosa", "versicolor", "virginica"), 4,
            List.of(105, 22, 23), null);

    /**
     * A study whose trials decide themselves, three trials per workflow run: the first run ends by
     * continuing as new, the second finishes the study.
     */
    @Test
    void recordStudyWhoseTrialsDecide() throws IOException {
        FakeStudy study = new FakeStudy(FakeStudy.Stopping.TRIALS_DECIDE);
        try (TestWorkflowEnvironment testEnv = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setIdentity("hone-history-recorder").build())
                .build())) {
            Worker control = testEnv.newWorker(TaskQueues.CONTROL);
            control.registerWorkflowImplementationTypes(TuningWorkflowImpl.class);
            study.register(control, testEnv.newWorker(TaskQueues.CPU));
            testEnv.start();
            WorkflowClient client = testEnv.getWorkflowClient();

            client.newWorkflowStub(TuningWorkflow.class, WorkflowOptions.newBuilder().setWorkflowId(WORKFLOW_ID)
                    .setTaskQueue(TaskQueues.CONTROL).build())
                    .run(new TuningRequest(42, DATA, TrainingSettings.defaults(), FakeStudy.SPEC, 1234, Device.CPU, null, 3));

            List<WorkflowExecutionHistory> runs = TuningWorkflowLimitsTest.runsOf(client, WORKFLOW_ID);
            assertThat(runs).hasSize(2);
            write(runs.get(0), "tuning-trials-decide-first-run.json");
            write(runs.get(1), "tuning-trials-decide-last-run.json");
        }
    }

    private static void write(WorkflowExecutionHistory history, String fileName) throws IOException {
        Files.createDirectories(HISTORIES);
        Files.writeString(HISTORIES.resolve(fileName), history.toJson(true) + "\n");
    }
}
