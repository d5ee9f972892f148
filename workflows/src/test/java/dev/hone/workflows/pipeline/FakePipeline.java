package dev.hone.workflows.pipeline;

import dev.hone.errors.ErrorCode;
import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.tuning.FakeStudy;
import dev.hone.workflows.tuning.TuningWorkflowImpl;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Hand-written fakes of every activity the pipeline calls. Each fake records its calls (with the
 * task queue and attempt it ran on) in one thread-safe log; a test swaps a stage's behaviour to
 * make it fail, block or heartbeat. Shared by the workflow tests and the history recorder, so the
 * recorded histories match what the tests exercise.
 */
final class FakePipeline {

    static final long RUN_ID = 42L;
    static final long MODEL_VERSION_ID = 9001L;
    static final int VERSION = 3;
    static final String MODEL_NAME = "iris-classifier";
    static final Map<String, Double> TEST_METRICS = Map.of("accuracy", 0.95, "macro_f1", 0.94);

    static final StageArtifacts ARTIFACTS = new StageArtifacts(Task.CLASSIFICATION, "sha256:train", "sha256:validation",
            "sha256:test", "sha256:transform", "sha256:quality", List.of("setosa", "versicolor", "virginica"), 4,
            List.of(105, 22, 23), null);
    static final TrainedModel MODEL = new TrainedModel("sha256:weights", "{\"hiddenLayers\":[64,64]}", 40, 35, true,
            Map.of("accuracy", 0.96), null, null);

    /**
     * Heartbeats reach the service at most this often. The SDK's default throttle is 80% of the
     * heartbeat timeout (16 s), which would make cancellation reach an activity slowly.
     */
    static final WorkerOptions FAST_HEARTBEATS = WorkerOptions.newBuilder()
            .setMaxHeartbeatThrottleInterval(Duration.ofMillis(100))
            .setDefaultHeartbeatThrottleInterval(Duration.ofMillis(100))
            .build();

    /** One activity call as the worker saw it. */
    record Call(String method, String taskQueue, int attempt, List<Object> args) {
        @Override
        public String toString() {
            return method + args.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    volatile Function<PreprocessRequest, StageArtifacts> preprocess = request -> ARTIFACTS;
    volatile Function<TrainRequest, TrainedModel> train = request -> MODEL;
    /** The compressed model a compressing run keeps: an int8 form of {@link #MODEL}. */
    static final TrainedModel COMPRESSED = new TrainedModel("sha256:int8", MODEL.configJson(), 40, 35, true,
            Map.of("accuracy", 0.955), null, "INT8_MLP");
    volatile Function<CompressRequest, Compression> compress = request -> new Compression(COMPRESSED,
            "sha256:compression-report", Map.of("candidates", 3.0, "chosen", 1.0));
    volatile Function<EvaluateRequest, Evaluation> evaluate = request -> new Evaluation(TEST_METRICS,
            "sha256:report");
    /** Each validation part stores a passport of its own sections; the merged one is judged to pass. */
    volatile java.util.function.BiFunction<ValidateRequest, ValidationPart, ValidationPartResult> measure =
            (request, part) -> new ValidationPartResult(part, "sha256:passport-" + part.name().toLowerCase());
    volatile java.util.function.BiFunction<ValidateRequest, List<ValidationPartResult>, Validation> judge =
            (request, parts) -> new Validation("sha256:passport", true, List.of(), Map.of("gate_passed", 1.0),
                    null);
    /** What the run last asked the registry to register. */
    volatile RegisterRequest registered;
    /** Called by every control-queue fake after it recorded its call, e.g. with "stageStarted(42, TRAIN)". */
    volatile java.util.function.Consumer<String> afterControlCall = call -> { };
    /** Set to make runSucceeded refuse as the registry does when a cancel request reached it first. */
    volatile boolean cancelRequestedInRegistry;

    static PipelineRequest request(Device device) {
        return new PipelineRequest(RUN_ID, 7L, "species", Task.CLASSIFICATION, MODEL_NAME, null, 1234L, device, null,
                null, null);
    }

    /** A run that tunes with {@link FakeStudy#SPEC} before it trains. */
    static PipelineRequest tunedRequest(Device device) {
        return new PipelineRequest(RUN_ID, 7L, "species", Task.CLASSIFICATION, MODEL_NAME, null, 1234L, device,
                FakeStudy.SPEC, null, null);
    }

    /** A run that compresses its trained model with the default settings. */
    /** A run that asks for reweighing over a sensitive column, so that VALIDATE measures the mitigation too. */
    static PipelineRequest reweighedRequest(Device device) {
        return new PipelineRequest(RUN_ID, 7L, "species", Task.CLASSIFICATION, MODEL_NAME, null, 1234L, device, null,
                null, new ValidationSettings(java.util.List.of("sex"), null, null, null, null, null, null, null, true,
                        null));
    }

    static PipelineRequest compressedRequest(Device device) {
        return new PipelineRequest(RUN_ID, 7L, "species", Task.CLASSIFICATION, MODEL_NAME, null, 1234L, device, null,
                CompressionSettings.defaults(), null);
    }

    /**
     * Registers the workflow and the control-queue fakes on {@code mlops-control} and the compute
     * fakes on each of {@code computeQueues}, then starts the workers.
     */
    void startWorkers(TestWorkflowEnvironment testEnv, String... computeQueues) {
        startWorkers(testEnv, null, computeQueues);
    }

    /**
     * As {@link #startWorkers(TestWorkflowEnvironment, String...)}, and when {@code study} is given,
     * also the study workflow with its fakes, whose trials run on the first compute queue.
     */
    void startWorkers(TestWorkflowEnvironment testEnv, FakeStudy study, String... computeQueues) {
        Worker control = testEnv.newWorker(TaskQueues.CONTROL, FAST_HEARTBEATS);
        control.registerWorkflowImplementationTypes(ModelOptimizationWorkflowImpl.class);
        control.registerActivitiesImplementations(new Tracking(), new Registry(), new Routing());
        for (String queue : computeQueues) {
            Worker compute = testEnv.newWorker(queue, FAST_HEARTBEATS);
            compute.registerActivitiesImplementations(new Preprocessing(), new Training(), new Compressing(),
                    new Evaluating(), new Validating());
            if (study != null && queue.equals(computeQueues[0])) {
                control.registerWorkflowImplementationTypes(TuningWorkflowImpl.class);
                study.register(control, compute);
            }
        }
        testEnv.start();
    }

    static String newWorkflowId() {
        return ModelOptimizationWorkflow.workflowId(RUN_ID, 1);
    }

    static ModelOptimizationWorkflow newWorkflow(WorkflowClient client) {
        return client.newWorkflowStub(ModelOptimizationWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(newWorkflowId())
                .setTaskQueue(TaskQueues.CONTROL)
                .build());
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> callsOf(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Run-tracking calls in the order they ran, e.g. {@code stageStarted(42, TRAIN)}. */
    List<String> trackingCalls() {
        return calls.stream()
                .filter(c -> c.taskQueue().equals(TaskQueues.CONTROL) && !c.method().equals("register")
                        && !c.method().equals("route"))
                .map(Call::toString)
                .toList();
    }

    private void record(String method, Object... args) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        Call call = new Call(method, info.getActivityTaskQueue(), info.getAttempt(), Arrays.asList(args));
        calls.add(call);
        if (call.taskQueue().equals(TaskQueues.CONTROL)) {
            afterControlCall.accept(call.toString());
        }
    }

    /** Where routing sends a run that asked for AUTO (a GPU run always goes to the GPU queue). */
    volatile dev.hone.vocabulary.Device autoRoute = dev.hone.vocabulary.Device.CPU;

    private final class Routing implements ComputeRoutingActivities {
        @Override
        public ComputeRoute route(RouteRequest request) {
            record("route", request.runId(), request.asked());
            return new ComputeRoute(request.asked() == dev.hone.vocabulary.Device.GPU
                    ? dev.hone.vocabulary.Device.GPU : autoRoute, "routed by the test");
        }
    }

    private final class Tracking implements RunTrackingActivities {
        @Override
        public void runStarted(long runId) {
            record("runStarted", runId);
        }

        @Override
        public void stageStarted(long runId, PipelineStage stage) {
            record("stageStarted", runId, stage);
        }

        @Override
        public void stageCompleted(long runId, PipelineStage stage, Map<String, Double> metrics) {
            record("stageCompleted", runId, stage);
        }

        @Override
        public void stageBoundary(long runId, PipelineStage completed, Map<String, Double> metrics,
                PipelineStage next) {
            record("stageBoundary", runId, completed, next);
        }

        @Override
        public void runSucceeded(long runId, long modelVersionId, Map<String, Double> testMetrics) {
            record("runSucceeded", runId, modelVersionId);
            if (cancelRequestedInRegistry) {
                throw ApplicationFailure.newNonRetryableFailure("Cancelled by request before the run could succeed",
                        ErrorCode.CANCELLED.name());
            }
        }

        @Override
        public void runEnded(long runId, String status, String error) {
            record("runEnded", runId, status, error);
        }
    }

    private final class Registry implements RegistryActivities {
        @Override
        public RegisteredVersion register(RegisterRequest request) {
            record("register", request.runId(), request.modelName(), request.model().weightsArtifact(),
                    request.compressionReport());
            registered = request;
            return new RegisteredVersion(request.modelName(), VERSION, MODEL_VERSION_ID);
        }
    }

    private final class Preprocessing implements PreprocessingActivities {
        @Override
        public StageArtifacts preprocess(PreprocessRequest request) {
            record("preprocess", request.runId());
            return preprocess.apply(request);
        }
    }

    private final class Training implements TrainingActivities {
        @Override
        public TrainedModel train(TrainRequest request) {
            record("train", request.runId());
            return train.apply(request);
        }
    }

    private final class Compressing implements CompressionActivities {
        @Override
        public Compression compress(CompressRequest request) {
            record("compress", request.runId(), request.model().weightsArtifact());
            return compress.apply(request);
        }
    }

    private final class Evaluating implements EvaluationActivities {
        @Override
        public Evaluation evaluate(EvaluateRequest request) {
            record("evaluate", request.runId(), request.model().weightsArtifact());
            return evaluate.apply(request);
        }
    }

    private final class Validating implements ValidationActivities {
        @Override
        public ValidationPartResult measure(ValidateRequest request, ValidationPart part) {
            record("measure", request.runId(), request.model().weightsArtifact(), part);
            return FakePipeline.this.measure.apply(request, part);
        }

        @Override
        public Validation judge(ValidateRequest request, List<ValidationPartResult> parts) {
            record("judge", request.runId(), parts.stream().map(ValidationPartResult::part).toList());
            return FakePipeline.this.judge.apply(request, parts);
        }
    }
}
