package dev.hone.workflows.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hone.vocabulary.Device;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.tuning.FakeStudy;
import dev.hone.workflows.tuning.TuningWorkflow;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    // model-optimization-success.json and model-optimization-invalid-input.json were recorded by the
    // first release (no "consistent-end" marker); they are kept as they are, so that runs it started
    // still replay. The histories below are the current code's.

    @Test
    void recordSuccessfulRun() throws IOException {
        FakePipeline fakes = new FakePipeline();
        try (TestWorkflowEnvironment testEnv = newEnvironment(true)) {
            fakes.startWorkers(testEnv, TaskQueues.CPU);
            WorkflowClient client = testEnv.getWorkflowClient();

            FakePipeline.newWorkflow(client).run(FakePipeline.request(Device.CPU));

            write(client, "model-optimization-consistent-end-success.json");
        }
    }

    /**
     * A compressing run of the release that writes each stage boundary as one step (the
     * "joined-boundaries" marker). The histories of the runs above and below were recorded before it.
     */
    @Test
    void recordRunWithJoinedBoundaries() throws IOException {
        FakePipeline fakes = new FakePipeline();
        try (TestWorkflowEnvironment testEnv = newEnvironment(true)) {
            fakes.startWorkers(testEnv, TaskQueues.CPU);
            WorkflowClient client = testEnv.getWorkflowClient();

            FakePipeline.newWorkflow(client).run(FakePipeline.compressedRequest(Device.CPU));

            write(client, "model-optimization-joined-boundaries.json");
        }
    }

    /** A run that let the service choose, routed to the GPU queue: the "compute-route" marker. */
    @Test
    void recordRoutedRun() throws IOException {
        FakePipeline fakes = new FakePipeline();
        fakes.autoRoute = Device.GPU;
        try (TestWorkflowEnvironment testEnv = newEnvironment(true)) {
            fakes.startWorkers(testEnv, TaskQueues.CPU, TaskQueues.GPU);
            WorkflowClient client = testEnv.getWorkflowClient();

            FakePipeline.newWorkflow(client).run(FakePipeline.request(Device.AUTO));

            write(client, "model-optimization-compute-route.json");
        }
    }

    /**
     * A run with a study (the "tune-stage" path): the run's history and its study's. Recorded by the
     * release whose trials reported each epoch to the study workflow, whose update answered whether
     * to stop; those two histories are kept as they are, so that studies it started still replay.
     */
    @Test
    void recordTunedRun() throws IOException {
        FakePipeline fakes = new FakePipeline();
        FakeStudy study = new FakeStudy(FakeStudy.Stopping.REPORTS);
        try (TestWorkflowEnvironment testEnv = newEnvironment(true)) {
            fakes.startWorkers(testEnv, study, TaskQueues.CPU);
            WorkflowClient client = testEnv.getWorkflowClient();

            FakePipeline.newWorkflow(client).run(FakePipeline.tunedRequest(Device.CPU));

            write(client, "model-optimization-tune-stage.json");
            write(client, TuningWorkflow.workflowId(FakePipeline.newWorkflowId()), "tuning-reports.json");
        }
    }

    /** A compressing run of the release that validates (the "validate-stage" path, after "compress-stage"). */
    @Test
    void recordValidatedRun() throws IOException {
        FakePipeline fakes = new FakePipeline();
        try (TestWorkflowEnvironment testEnv = newEnvironment(true)) {
            fakes.startWorkers(testEnv, TaskQueues.CPU);
            WorkflowClient client = testEnv.getWorkflowClient();

            FakePipeline.newWorkflow(client).run(FakePipeline.compressedRequest(Device.CPU));

            write(client, "model-optimization-validate-stage.json");
        }
    }

    /** A validated run that asks for reweighing: the MITIGATION part runs beside the other four. */
    @Test
    void recordValidatedRunWithMitigation() throws IOException {
        FakePipeline fakes = new FakePipeline();
        try (TestWorkflowEnvironment testEnv = newEnvironment(true)) {
            fakes.startWorkers(testEnv, TaskQueues.CPU);
            WorkflowClient client = testEnv.getWorkflowClient();

            FakePipeline.newWorkflow(client).run(FakePipeline.reweighedRequest(Device.CPU));

            write(client, "model-optimization-validate-mitigation.json");
        }
    }

    /** A run with the compression stage (the "compress-stage" path). */
    @Test
    void recordCompressedRun() throws IOException {
        FakePipeline fakes = new FakePipeline();
        try (TestWorkflowEnvironment testEnv = newEnvironment(true)) {
            fakes.startWorkers(testEnv, TaskQueues.CPU);
            WorkflowClient client = testEnv.getWorkflowClient();

            FakePipeline.newWorkflow(client).run(FakePipeline.compressedRequest(Device.CPU));

            write(client, "model-optimization-compress-stage.json");
        }
    }

    @Test
    void recordRunCancelledWhileRegistering() throws Exception {
        FakePipeline fakes = new FakePipeline();
        CountDownLatch registering = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        fakes.afterControlCall = call -> {
            if (call.startsWith("register(")) {
                registering.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        // Real time: the cancel must reach the workflow while the version is being registered.
        try (TestWorkflowEnvironment testEnv = newEnvironment(false)) {
            fakes.startWorkers(testEnv, TaskQueues.CPU);
            WorkflowClient client = testEnv.getWorkflowClient();
            ModelOptimizationWorkflow workflow = FakePipeline.newWorkflow(client);
            WorkflowClient.start(workflow::run, FakePipeline.request(Device.CPU));
            assertThat(registering.await(10, TimeUnit.SECONDS)).isTrue();
            WorkflowStub.fromTyped(workflow).cancel();
            release.countDown();
            assertThat(catchThrowableOfType(WorkflowFailedException.class,
                    () -> WorkflowStub.fromTyped(workflow).getResult(PipelineResult.class))).isNotNull();

            write(client, "model-optimization-consistent-end-cancelled-in-register.json");
        }
    }

    @Test
    void recordRunCancelledWhileTraining() throws Exception {
        FakePipeline fakes = new FakePipeline();
        CountDownLatch training = new CountDownLatch(1);
        fakes.train = request -> {
            training.countDown();
            try {
                for (int epoch = 0; epoch < 100; epoch++) {
                    Activity.getExecutionContext().heartbeat(epoch);
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakePipeline.MODEL;
        };
        try (TestWorkflowEnvironment testEnv = newEnvironment(false)) {
            fakes.startWorkers(testEnv, TaskQueues.CPU);
            WorkflowClient client = testEnv.getWorkflowClient();
            ModelOptimizationWorkflow workflow = FakePipeline.newWorkflow(client);
            WorkflowClient.start(workflow::run, FakePipeline.request(Device.CPU));
            assertThat(training.await(10, TimeUnit.SECONDS)).isTrue();
            WorkflowStub.fromTyped(workflow).cancel();
            assertThat(catchThrowableOfType(WorkflowFailedException.class,
                    () -> WorkflowStub.fromTyped(workflow).getResult(PipelineResult.class))).isNotNull();

            write(client, "model-optimization-consistent-end-cancelled-in-train.json");
        }
    }

    /** A fixed identity keeps the recording machine's host name and pid out of the histories. */
    private static TestWorkflowEnvironment newEnvironment(boolean timeSkipping) {
        return TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setIdentity("hone-history-recorder").build())
                .setUseTimeskipping(timeSkipping)
                .build());
    }

    private static void write(WorkflowClient client, String fileName) throws IOException {
        write(client, ModelOptimizationWorkflow.workflowId(FakePipeline.RUN_ID, 1), fileName);
    }

    private static void write(WorkflowClient client, String workflowId, String fileName) throws IOException {
        String json = client.fetchHistory(workflowId).toJson(true);
        Files.createDirectories(HISTORIES);
        Files.writeString(HISTORIES.resolve(fileName), json + "\n");
    }
}
