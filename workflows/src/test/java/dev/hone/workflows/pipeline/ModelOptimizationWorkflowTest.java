package dev.hone.workflows.pipeline;

import static dev.hone.workflows.pipeline.FakePipeline.MODEL;
import static dev.hone.workflows.pipeline.FakePipeline.MODEL_NAME;
import static dev.hone.workflows.pipeline.FakePipeline.MODEL_VERSION_ID;
import static dev.hone.workflows.pipeline.FakePipeline.RUN_ID;
import static dev.hone.workflows.pipeline.FakePipeline.TEST_METRICS;
import static dev.hone.workflows.pipeline.FakePipeline.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.hone.errors.ErrorCode;
import dev.hone.vocabulary.Device;
import dev.hone.workflows.common.TaskQueues;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pipeline workflow against an in-memory Temporal service, with fake activities. */
@Timeout(30)
class ModelOptimizationWorkflowTest {

    private final FakePipeline fakes = new FakePipeline();
    private TestWorkflowEnvironment testEnv;

    @AfterEach
    void closeEnvironment() {
        if (testEnv != null) {
            testEnv.close();
        }
    }

    /** A time-skipping service: retry backoff costs no wall-clock time. */
    private ModelOptimizationWorkflow startWorkflowService(String... computeQueues) {
        return startWorkflowService(TestEnvironmentOptions.getDefaultInstance(), computeQueues);
    }

    private ModelOptimizationWorkflow startWorkflowService(TestEnvironmentOptions options, String... computeQueues) {
        testEnv = TestWorkflowEnvironment.newInstance(options);
        fakes.startWorkers(testEnv, computeQueues);
        return FakePipeline.newWorkflow(testEnv.getWorkflowClient());
    }

    @Test
    void runsStagesInOrderAndReturnsRegisteredVersion() {
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU);

        PipelineResult result = workflow.run(FakePipeline.request(Device.CPU));

        assertThat(result).isEqualTo(new PipelineResult(RUN_ID, MODEL_NAME, VERSION, MODEL_VERSION_ID, TEST_METRICS));
        // One step per stage boundary: the first stage's start marks the run started, each later
        // stage's start closes the stage before it.
        assertThat(fakes.trackingCalls()).containsExactly(
                "stageStarted(42, PREPROCESS)",
                "stageBoundary(42, PREPROCESS, TRAIN)",
                "stageBoundary(42, TRAIN, EVALUATE)",
                "stageBoundary(42, EVALUATE, VALIDATE)",
                "stageBoundary(42, VALIDATE, REGISTER)",
                "stageCompleted(42, REGISTER)",
                "runSucceeded(42, 9001)");
        assertThat(fakes.callsOf("preprocess")).extracting(FakePipeline.Call::taskQueue).containsExactly(TaskQueues.CPU);
        assertThat(workflow.state()).isEqualTo(new PipelineState(RUN_ID, null,
                List.of(PipelineStage.PREPROCESS, PipelineStage.TRAIN, PipelineStage.EVALUATE, PipelineStage.VALIDATE,
                        PipelineStage.REGISTER),
                "SUCCEEDED", null));
    }

    /**
     * A run that asks for compression compresses the trained model between TRAIN and EVALUATE; evaluation
     * measures, and the version registers, the model the stage kept, with its report.
     */
    @Test
    void compressingRunEvaluatesAndRegistersTheModelTheStageKept() {
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU);

        PipelineResult result = workflow.run(FakePipeline.compressedRequest(Device.CPU));

        assertThat(result.modelVersionId()).isEqualTo(MODEL_VERSION_ID);
        assertThat(fakes.trackingCalls()).containsSequence(
                "stageBoundary(42, PREPROCESS, TRAIN)",
                "stageBoundary(42, TRAIN, COMPRESS)",
                "stageBoundary(42, COMPRESS, EVALUATE)");
        assertThat(fakes.callsOf("compress")).extracting(FakePipeline.Call::toString, FakePipeline.Call::taskQueue)
                .containsExactly(tuple("compress(42, sha256:weights)", TaskQueues.CPU));
        assertThat(fakes.callsOf("evaluate")).extracting(FakePipeline.Call::toString)
                .containsExactly("evaluate(42, sha256:int8)");
        assertThat(fakes.callsOf("register")).extracting(FakePipeline.Call::toString)
                .containsExactly("register(42, iris-classifier, sha256:int8, sha256:compression-report)");
        assertThat(workflow.state().completedStages()).containsExactly(PipelineStage.PREPROCESS, PipelineStage.TRAIN,
                PipelineStage.COMPRESS, PipelineStage.EVALUATE, PipelineStage.VALIDATE, PipelineStage.REGISTER);
    }

    /**
     * VALIDATE measures the model the version will serve (the compressed one here) in four parts that run at
     * once on the compute queue, then judges the merged passport; the version registers with it.
     */
    @Test
    void validationMeasuresTheServedModelInParallelPartsAndRegistersThePassport() {
        List<ValidationPart> parts = List.of(ValidationPart.PERFORMANCE, ValidationPart.EXPLANATIONS,
                ValidationPart.ROBUSTNESS, ValidationPart.DATA);
        CountDownLatch allStarted = new CountDownLatch(parts.size());
        fakes.measure = (request, part) -> {
            allStarted.countDown();
            try {
                // Each part waits for the others: only parts running at the same time get past this.
                assertThat(allStarted.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ValidationPartResult(part, "sha256:" + part);
        };
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU);

        workflow.run(FakePipeline.compressedRequest(Device.CPU));

        assertThat(fakes.callsOf("measure")).extracting(c -> c.args().get(1), FakePipeline.Call::taskQueue)
                .containsOnly(tuple("sha256:int8", TaskQueues.CPU)).hasSize(4);
        assertThat(fakes.callsOf("measure")).extracting(c -> c.args().get(2))
                .as("no mitigation part: the run did not ask for it").containsExactlyInAnyOrderElementsOf(parts);
        assertThat(fakes.callsOf("judge")).extracting(FakePipeline.Call::toString)
                .containsExactly("judge(42, " + parts + ")");
        assertThat(fakes.registered.validation().reportArtifact()).isEqualTo("sha256:passport");
        assertThat(fakes.registered.compressionReport()).isEqualTo("sha256:compression-report");
    }

    /** A run that asks for reweighing gets the mitigation part as a fifth activity. */
    @Test
    void aRunAskingForReweighingAlsoMeasuresTheMitigation() {
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU);
        PipelineRequest plain = FakePipeline.request(Device.CPU);
        PipelineRequest asking = new PipelineRequest(plain.runId(), plain.datasetVersionId(), plain.target(),
                plain.task(), plain.modelName(), null, plain.seed(), plain.device(), null, null,
                new ValidationSettings(List.of("sex"), null, null, null, null, null, null, null, true, null));

        workflow.run(asking);

        assertThat(fakes.callsOf("measure")).extracting(c -> c.args().get(2))
                .containsExactlyInAnyOrder((Object[]) ValidationPart.values());
    }

    /** A failed gate is an outcome, not an error: the run succeeds and registers the verdict with its reasons. */
    @Test
    void aFailedGateSucceedsTheRunAndRegistersTheVerdict() {
        fakes.judge = (request, parts) -> new Validation("sha256:passport", false,
                List.of("Test accuracy 0.9500 breaks the floor of 0.9900"), Map.of("gate_passed", 0.0), null);
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU);

        PipelineResult result = workflow.run(FakePipeline.request(Device.CPU));

        assertThat(result.modelVersionId()).isEqualTo(MODEL_VERSION_ID);
        assertThat(workflow.state().status()).isEqualTo("SUCCEEDED");
        assertThat(fakes.registered.validation().passed()).isFalse();
        assertThat(fakes.registered.validation().reasons()).containsExactly(
                "Test accuracy 0.9500 breaks the floor of 0.9900");
    }

    /** A part that fails on bad input (a sensitive column the data lacks) fails the run with its message. */
    @Test
    void aPartRefusingItsInputFailsTheRunWithTheReason() {
        fakes.measure = (request, part) -> {
            if (part == ValidationPart.DATA) {
                throw ApplicationFailure.newNonRetryableFailure("validation.sensitiveColumns names 'zip'",
                        ErrorCode.INVALID_INPUT.name());
            }
            return new ValidationPartResult(part, "sha256:" + part);
        };
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU);

        WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class,
                () -> workflow.run(FakePipeline.request(Device.CPU)));

        assertThat(failure).isNotNull();
        assertThat(fakes.trackingCalls()).last().asString()
                .isEqualTo("runEnded(42, FAILED, validation.sensitiveColumns names 'zip')");
        assertThat(fakes.callsOf("judge")).isEmpty();
        assertThat(fakes.callsOf("register")).isEmpty();
    }

    /** A cancel while the passport's parts are measured stops them and ends the run CANCELLED. */
    @Test
    void cancellationDuringValidationStopsThePartsAndRecordsCancelled() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        fakes.measure = (request, part) -> {
            if (part == ValidationPart.EXPLANATIONS) {
                heartbeatUntilStopped(started, stopped);
            }
            return new ValidationPartResult(part, "sha256:" + part);
        };
        cancelInside(PipelineStage.VALIDATE, FakePipeline.request(Device.CPU), started, stopped);
    }

    /** A cancel while candidates are made stops the stage at its next heartbeat and ends the run CANCELLED. */
    @Test
    void cancellationDuringCompressionStopsTheStageAndRecordsCancelled() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        fakes.compress = request -> heartbeatUntilStopped(started, stopped);
        cancelInside(PipelineStage.COMPRESS, FakePipeline.compressedRequest(Device.CPU), started, stopped);
    }

    @Test
    void gpuDevicePreprocessesOnCpuAndSendsTheRestToTheGpuQueue() {
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU, TaskQueues.GPU);

        PipelineResult result = workflow.run(FakePipeline.request(Device.GPU));

        assertThat(result.modelVersionId()).isEqualTo(MODEL_VERSION_ID);
        assertThat(fakes.calls())
                .filteredOn(call -> List.of("preprocess", "train", "evaluate").contains(call.method()))
                .extracting(FakePipeline.Call::method, FakePipeline.Call::taskQueue)
                .containsExactly(
                        tuple("preprocess", TaskQueues.CPU),
                        tuple("train", TaskQueues.GPU),
                        tuple("evaluate", TaskQueues.GPU));
        assertThat(fakes.callsOf("register")).extracting(FakePipeline.Call::taskQueue)
                .containsExactly(TaskQueues.CONTROL);
    }

    @Test
    void autoPreprocessesOnCpuThenFollowsTheRouteToTheGpuQueue() {
        fakes.autoRoute = Device.GPU;
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU, TaskQueues.GPU);

        workflow.run(FakePipeline.request(Device.AUTO));

        assertThat(fakes.callsOf("route")).extracting(FakePipeline.Call::taskQueue)
                .containsExactly(TaskQueues.CONTROL);
        assertThat(fakes.calls())
                .filteredOn(call -> List.of("preprocess", "route", "train", "evaluate").contains(call.method()))
                .extracting(FakePipeline.Call::method, FakePipeline.Call::taskQueue)
                .containsExactly(
                        tuple("preprocess", TaskQueues.CPU),
                        tuple("route", TaskQueues.CONTROL),
                        tuple("train", TaskQueues.GPU),
                        tuple("evaluate", TaskQueues.GPU));
    }

    @Test
    void aCpuRunIsNotRouted() {
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU);

        workflow.run(FakePipeline.request(Device.CPU));

        assertThat(fakes.callsOf("route")).isEmpty();
    }

    @Test
    void invalidInputFailsAtOnceWithoutRetry() {
        String message = "Target column 'x' does not exist";
        fakes.preprocess = request -> {
            throw ApplicationFailure.newNonRetryableFailure(message, ErrorCode.INVALID_INPUT.name());
        };
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU);

        WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class,
                () -> workflow.run(FakePipeline.request(Device.CPU)));

        assertThat(failure).isNotNull();
        assertThat(failure.getCause()).isInstanceOfSatisfying(ApplicationFailure.class, app -> {
            assertThat(app.getOriginalMessage()).isEqualTo(message);
            assertThat(app.getType()).isEqualTo(ErrorCode.INVALID_INPUT.name());
        });
        assertThat(fakes.callsOf("preprocess")).hasSize(1);
        assertThat(fakes.trackingCalls())
                .doesNotContain("stageBoundary(42, PREPROCESS, TRAIN)")
                .endsWith("runEnded(42, FAILED, " + message + ")");
        assertThat(workflow.state()).satisfies(state -> {
            assertThat(state.status()).isEqualTo("FAILED");
            assertThat(state.error()).isEqualTo(message);
            assertThat(state.currentStage()).isEqualTo(PipelineStage.PREPROCESS);
        });
    }

    @Test
    void transientFailureIsRetriedWithBackoff() {
        fakes.train = request -> {
            if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
                throw new IllegalStateException("GPU worker lost its device");
            }
            return MODEL;
        };
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU);

        PipelineResult result = workflow.run(FakePipeline.request(Device.CPU));

        assertThat(result.modelVersionId()).isEqualTo(MODEL_VERSION_ID);
        assertThat(fakes.callsOf("train")).extracting(FakePipeline.Call::attempt).containsExactly(1, 2);
        assertThat(fakes.trackingCalls()).filteredOn("stageBoundary(42, TRAIN, EVALUATE)"::equals).hasSize(1);
        assertThat(fakes.trackingCalls()).last().isEqualTo("runSucceeded(42, 9001)");
    }

    /**
     * A cancel during a compute stage ends the run at once, without asking the workflow service to
     * cancel the stage's activity; the activity learns from its next heartbeat that its run is gone,
     * and stops.
     */
    @Test
    void cancellationStopsRunAndRecordsCancelled() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        fakes.train = request -> heartbeatUntilStopped(started, stopped);
        cancelInside(PipelineStage.TRAIN, FakePipeline.request(Device.CPU), started, stopped);
    }

    /** A compute stage's activity that heartbeats until its heartbeat says it must stop. */
    private static <T> T heartbeatUntilStopped(CountDownLatch started, CountDownLatch stopped) {
        started.countDown();
        ActivityExecutionContext context = Activity.getExecutionContext();
        try {
            for (int step = 0; step < 600; step++) {
                context.heartbeat(step);
                Thread.sleep(100);
            }
        } catch (ActivityCompletionException e) {
            stopped.countDown();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Activity.wrap(e);
        }
        throw new AssertionError("the stage was not stopped");
    }

    /**
     * Cancels the run once the stage's activity has started, and checks one consistent end: CANCELLED during that
     * stage, nothing after it started or registered, the abandoned activity stopped, and the workflow service never
     * asked to cancel an activity.
     */
    private void cancelInside(PipelineStage stage, PipelineRequest request, CountDownLatch started,
            CountDownLatch stopped) throws InterruptedException {
        // Real time: cancellation travels on heartbeats, and a skipped clock could time them out.
        ModelOptimizationWorkflow workflow = startWorkflowService(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build(), TaskQueues.CPU);
        WorkflowClient.start(workflow::run, request);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        WorkflowStub run = WorkflowStub.fromTyped(workflow);
        run.cancel();
        WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class,
                () -> run.getResult(PipelineResult.class));

        assertThat(failure).isNotNull();
        assertThat(failure.getCause()).isInstanceOf(CanceledFailure.class);
        String after = stage.compareTo(PipelineStage.EVALUATE) < 0 ? "EVALUATE" : "REGISTER";
        assertThat(fakes.trackingCalls())
                .noneMatch(call -> call.contains(after))
                .last().isEqualTo("runEnded(42, CANCELLED, Cancelled by request during " + stage + ")");
        assertThat(fakes.callsOf("register")).isEmpty();
        assertThat(workflow.state().status()).isEqualTo("CANCELLED");
        assertThat(stopped.await(10, TimeUnit.SECONDS)).as("the abandoned stage stops").isTrue();
        assertThat(testEnv.getWorkflowClient().fetchHistory(FakePipeline.newWorkflowId()).getEvents())
                .extracting(HistoryEvent::getEventType)
                .doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
    }

    /**
     * A cancel that arrives while a bookkeeping step runs (at every stage boundary, and while the
     * version is registered) lets that step finish, then ends the run CANCELLED before anything
     * else starts; the workflow service is never asked to cancel a bookkeeping activity, which the
     * in-process service could reject for ever when the activity completes at the same moment.
     */
    @ParameterizedTest
    @ValueSource(strings = {"stageStarted(42, PREPROCESS)", "stageBoundary(42, PREPROCESS, TRAIN)",
            "stageBoundary(42, TRAIN, EVALUATE)", "stageBoundary(42, EVALUATE, VALIDATE)",
            "stageBoundary(42, VALIDATE, REGISTER)", "register(42, iris-classifier, sha256:weights, null)",
            "stageCompleted(42, REGISTER)"})
    void cancelAtAStageBoundaryEndsTheRunCancelledRightAfterTheStepInFlight(String boundary)
            throws InterruptedException {
        cancelAt(boundary, FakePipeline.request(Device.CPU));
    }

    /** The same at the compression stage's boundaries. */
    @ParameterizedTest
    @ValueSource(strings = {"stageBoundary(42, TRAIN, COMPRESS)", "stageBoundary(42, COMPRESS, EVALUATE)",
            "register(42, iris-classifier, sha256:int8, sha256:compression-report)"})
    void cancelAtACompressionBoundaryEndsTheRunCancelledRightAfterTheStepInFlight(String boundary)
            throws InterruptedException {
        cancelAt(boundary, FakePipeline.compressedRequest(Device.CPU));
    }

    private void cancelAt(String boundary, PipelineRequest request) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        fakes.afterControlCall = call -> {
            if (call.equals(boundary)) {
                reached.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ModelOptimizationWorkflow workflow = startWorkflowService(
                TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build(), TaskQueues.CPU);
        WorkflowClient.start(workflow::run, request);
        assertThat(reached.await(10, TimeUnit.SECONDS)).isTrue();

        WorkflowStub run = WorkflowStub.fromTyped(workflow);
        run.cancel();
        release.countDown();
        WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class,
                () -> run.getResult(PipelineResult.class));

        assertThat(failure).isNotNull();
        assertThat(failure.getCause()).isInstanceOf(CanceledFailure.class);
        List<String> calls = fakes.calls().stream().map(FakePipeline.Call::toString).toList();
        assertThat(calls.get(calls.size() - 2)).as("the step in flight finished and nothing followed it")
                .isEqualTo(boundary);
        assertThat(calls.get(calls.size() - 1)).startsWith("runEnded(42, CANCELLED, Cancelled by request ");
        assertThat(fakes.callsOf("runSucceeded")).isEmpty();
        assertThat(testEnv.getWorkflowClient().fetchHistory(FakePipeline.newWorkflowId()).getEvents())
                .extracting(HistoryEvent::getEventType)
                .doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
        assertThat(workflow.state().status()).isEqualTo("CANCELLED");
    }

    @Test
    void successRefusedForACancelRequestEndsTheRunCancelled() {
        fakes.cancelRequestedInRegistry = true;
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU);

        WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class,
                () -> workflow.run(FakePipeline.request(Device.CPU)));

        assertThat(failure).isNotNull();
        assertThat(fakes.trackingCalls()).endsWith("runSucceeded(42, 9001)",
                "runEnded(42, CANCELLED, Cancelled by request after REGISTER)");
        assertThat(workflow.state().status()).isEqualTo("CANCELLED");
    }

    @Test
    void stateQueryReportsCurrentStageWhileRunning() throws InterruptedException {
        CountDownLatch trainingStarted = new CountDownLatch(1);
        CountDownLatch finishTraining = new CountDownLatch(1);
        fakes.train = request -> {
            trainingStarted.countDown();
            try {
                finishTraining.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Activity.wrap(e);
            }
            return MODEL;
        };
        ModelOptimizationWorkflow workflow = startWorkflowService(TaskQueues.CPU);
        WorkflowClient.start(workflow::run, FakePipeline.request(Device.CPU));
        assertThat(trainingStarted.await(10, TimeUnit.SECONDS)).isTrue();

        PipelineState whileTraining = workflow.state();
        finishTraining.countDown();

        assertThat(whileTraining).isEqualTo(
                new PipelineState(RUN_ID, PipelineStage.TRAIN, List.of(PipelineStage.PREPROCESS), "RUNNING", null));
        assertThat(WorkflowStub.fromTyped(workflow).getResult(PipelineResult.class).modelVersionId())
                .isEqualTo(MODEL_VERSION_ID);
    }
}
