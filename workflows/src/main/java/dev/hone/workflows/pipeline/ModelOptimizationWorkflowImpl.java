package dev.hone.workflows.pipeline;

import dev.hone.errors.ErrorCode;
import dev.hone.vocabulary.Device;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.tuning.TuningRequest;
import dev.hone.workflows.tuning.TuningResult;
import dev.hone.workflows.tuning.TuningWorkflow;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Carries a run through its stages. Determinism: only {@code Workflow.*} for time and logging, all
 * configuration arrives in the request, and every stage's outcome is recorded by an activity.
 */
public class ModelOptimizationWorkflowImpl implements ModelOptimizationWorkflow {

    private static final Logger log = Workflow.getLogger(ModelOptimizationWorkflowImpl.class);

    /** Bounded exponential backoff; bad input is never retried. */
    static final RetryOptions RETRY = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2.0)
            .setMaximumInterval(Duration.ofSeconds(30))
            .setMaximumAttempts(5)
            .setDoNotRetry(ErrorCode.nonRetryable())
            .build();

    /** Light bookkeeping on the control queue. */
    static final ActivityOptions CONTROL = ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.CONTROL)
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder(RETRY).setMaximumAttempts(20).build())
            .build();

    /**
     * Compute stages. The heartbeat timeout makes a lost worker visible within seconds and carries
     * cancellation to the activity; the task queue is set per run from its device.
     */
    static final ActivityOptions COMPUTE = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofHours(6))
            .setHeartbeatTimeout(Duration.ofSeconds(20))
            .setRetryOptions(RETRY)
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .build();

    /**
     * How long a stage routed to the GPU queue waits for a GPU worker to take it before the run fails
     * saying so (the run shows that it waits meanwhile).
     */
    static final Duration GPU_WAIT = Duration.ofHours(1);

    private final RunTrackingActivities tracking = Workflow.newActivityStub(RunTrackingActivities.class, CONTROL);
    private final ComputeRoutingActivities routing = Workflow.newActivityStub(ComputeRoutingActivities.class,
            CONTROL);
    private final RegistryActivities registry = Workflow.newActivityStub(RegistryActivities.class, CONTROL);

    private long runId;
    private PipelineStage currentStage;
    /** When the current stage began, in workflow time (read for messages only). */
    private long stageStartedAt;
    private final List<PipelineStage> completed = new ArrayList<>();
    private String status = "RUNNING";
    private String error;
    /**
     * Runs started by this release finish every bookkeeping step they begin, even when cancelled,
     * and honour a cancel between steps (see {@link #control}); older runs replay as they ran.
     */
    private boolean consistentEnd;
    /**
     * Runs started by this release write a stage's completion together with the next stage's start
     * (one step per boundary, see {@link #stage}), and let the first stage's start mark the run started.
     */
    private boolean joinedBoundaries;
    /** A stage whose work has finished and whose completion is not yet written (joined boundaries only). */
    private PipelineStage finished;
    private Map<String, Double> finishedMetrics;

    @Override
    public PipelineResult run(PipelineRequest request) {
        runId = request.runId();
        consistentEnd = Workflow.getVersion("consistent-end", Workflow.DEFAULT_VERSION, 1) == 1;
        joinedBoundaries = consistentEnd
                && Workflow.getVersion("joined-boundaries", Workflow.DEFAULT_VERSION, 1) == 1;
        ActivityOptions.Builder computeOptions = ActivityOptions.newBuilder(COMPUTE)
                .setTaskQueue(TaskQueues.computeQueue(request.device()));
        if (consistentEnd) {
            // A cancel ends the run at once, without asking the workflow service to cancel the stage's
            // activity (see control()); the activity stops by itself: its writes into an ended run are
            // refused, and its heartbeats find no workflow any more.
            computeOptions.setCancellationType(ActivityCancellationType.ABANDON);
        }
        // A run that lets the service choose, or asks for a GPU, preprocesses on the CPU queue and is
        // then routed by its size and the workers that poll each queue (see the route after PREPROCESS).
        boolean routed = request.device() != Device.CPU
                && Workflow.getVersion("compute-route", Workflow.DEFAULT_VERSION, 1) == 1;
        PreprocessingActivities preprocessing = Workflow.newActivityStub(PreprocessingActivities.class,
                routed ? ActivityOptions.newBuilder(computeOptions.build()).setTaskQueue(TaskQueues.CPU).build()
                        : computeOptions.build());

        try {
            if (!joinedBoundaries) {
                control(() -> {
                    tracking.runStarted(runId);
                    return null;
                });
            }

            StageArtifacts data = stage(PipelineStage.PREPROCESS, () -> preprocessing.preprocess(
                    new PreprocessRequest(runId, request.datasetVersionId(), request.target(), request.task(),
                            request.seed(), PreprocessRequest.numericScalings(request.training(), request.tuning()))),
                    d -> Map.of(
                                    "features", (double) d.featureCount(),
                                    "train_rows", (double) d.rows().get(0),
                                    "validation_rows", (double) d.rows().get(1),
                                    "test_rows", (double) d.rows().get(2)));

            TrainingSettings settings = request.training() == null ? TrainingSettings.defaults() : request.training();
            Device device = request.device();
            if (routed) {
                TrainingSettings base = settings;
                writeFinished();
                honourCancel();
                device = control(() -> routing.route(new RouteRequest(runId, request.device(), data, base))).device();
                computeOptions.setTaskQueue(TaskQueues.computeQueue(device));
                if (device == Device.GPU) {
                    computeOptions.setScheduleToStartTimeout(GPU_WAIT);
                }
            }
            Device computeDevice = device;
            ActivityOptions compute = computeOptions.build();
            TrainingActivities training = Workflow.newActivityStub(TrainingActivities.class, compute);
            EvaluationActivities evaluation = Workflow.newActivityStub(EvaluationActivities.class, compute);
            CompressionActivities compression = Workflow.newActivityStub(CompressionActivities.class, compute);
            ValidationActivities validation = Workflow.newActivityStub(ValidationActivities.class, compute);
            Long studyId = null;
            // Runs without a study keep exactly the command sequence of the first release.
            if (request.tuning() != null && Workflow.getVersion("tune-stage", Workflow.DEFAULT_VERSION, 1) == 1) {
                TuningWorkflow study = Workflow.newChildWorkflowStub(TuningWorkflow.class,
                        ChildWorkflowOptions.newBuilder()
                                .setWorkflowId(TuningWorkflow.workflowId(Workflow.getInfo().getWorkflowId()))
                                .setTaskQueue(TaskQueues.CONTROL)
                                .build());
                TrainingSettings base = settings;
                TuningResult tuned = stage(PipelineStage.TUNE, () -> study.run(new TuningRequest(runId, data, base,
                        request.tuning(), request.seed(), computeDevice)), t -> Map.of(
                                "best_value", t.bestValue(), "best_trial", (double) t.bestTrial(),
                                "completed_trials", (double) t.completed(), "pruned_trials", (double) t.pruned(),
                                "failed_trials", (double) t.failed()));
                settings = tuned.bestSettings();
                studyId = tuned.studyId();
            }
            TrainingSettings chosen = settings;
            String reweighOver = request.validation() == null ? null : request.validation().reweighOver();
            TrainedModel model = stage(PipelineStage.TRAIN,
                    () -> training.train(new TrainRequest(runId, data, chosen, request.seed(), reweighOver)),
                    TrainedModel::validationMetrics);

            // The version serves, and evaluation measures, the compressed model when the run keeps one.
            TrainedModel served = model;
            String compressionReport = null;
            // Runs without the stage keep exactly the command sequence of earlier releases.
            if (request.compression() != null
                    && Workflow.getVersion("compress-stage", Workflow.DEFAULT_VERSION, 1) == 1) {
                Compression compressed = stage(PipelineStage.COMPRESS, () -> compression.compress(
                        new CompressRequest(runId, data, model, request.compression(), request.seed())),
                        Compression::metrics);
                served = compressed.model();
                compressionReport = compressed.reportArtifact();
            }
            TrainedModel kept = served;
            Evaluation eval = stage(PipelineStage.EVALUATE,
                    () -> evaluation.evaluate(new EvaluateRequest(runId, data, kept)),
                    Evaluation::testMetrics);

            // Runs started before the stage existed keep the command sequence they ran with.
            Validation validated = null;
            if (Workflow.getVersion("validate-stage", Workflow.DEFAULT_VERSION, 1) == 1) {
                ValidateRequest validate = new ValidateRequest(runId, request.modelName(), data, kept, eval,
                        request.validation() == null ? ValidationSettings.defaults() : request.validation(),
                        request.seed());
                validated = stage(PipelineStage.VALIDATE, () -> validate(validation, validate), Validation::metrics);
            }

            Long study = studyId;
            String report = compressionReport;
            Validation passport = validated;
            // Registering is bookkeeping too: a cancel meanwhile withdraws the version it wrote.
            RegisteredVersion version = stage(PipelineStage.REGISTER,
                    () -> control(() -> registry.register(new RegisterRequest(runId, request.modelName(),
                            request.datasetVersionId(), data, kept, eval, study, report, passport))),
                    v -> Map.of("version", (double) v.version()));

            // Success is recorded with the version's READY in one transaction; once it is, a cancel is too late.
            writeFinished();
            honourCancel();
            bookkeeping(() -> {
                tracking.runSucceeded(runId, version.modelVersionId(), eval.testMetrics());
                return null;
            });
            status = "SUCCEEDED";
            return new PipelineResult(runId, version.modelName(), version.version(), version.modelVersionId(),
                    eval.testMetrics());
        } catch (CanceledFailure e) {
            throw recordCancelled(e);
        } catch (ActivityFailure | ChildWorkflowFailure e) {
            // A cancelled run surfaces here, not above: the cancelled activity fails with the
            // cancellation as its cause.
            if (e.getCause() instanceof CanceledFailure cancelled) {
                throw recordCancelled(cancelled);
            }
            if (consistentEnd && ErrorCode.CANCELLED.name().equals(failureType(e))) {
                // The registry refused success because a cancel request reached it first.
                throw recordCancelled(new CanceledFailure(describe(e)));
            }
            status = "FAILED";
            error = describe(e);
            if (currentStage != null) {
                error = timedOut(e, currentStage, Workflow.currentTimeMillis() - stageStartedAt, error);
            }
            log.warn("Run {} failed in {}: {}", runId, currentStage, error);
            writeFinished();
            bookkeeping(() -> {
                tracking.runEnded(runId, status, error);
                return null;
            });
            throw ApplicationFailure.newNonRetryableFailureWithCause(error, failureType(e), e);
        }
    }

    /** The passport's parts in parallel (on as many compute workers as poll), then merged and judged. */
    private static Validation validate(ValidationActivities validation, ValidateRequest request) {
        List<Promise<ValidationPartResult>> parts = new ArrayList<>();
        for (ValidationPart part : ValidationPart.values()) {
            if (part != ValidationPart.MITIGATION || request.settings().reweighingAsked()) {
                parts.add(Async.function(validation::measure, request, part));
            }
        }
        Promise.allOf(parts).get();
        return validation.judge(request, parts.stream().map(Promise::get).toList());
    }

    private CanceledFailure recordCancelled(CanceledFailure cancellation) {
        status = "CANCELLED";
        error = "Cancelled by request " + (currentStage != null ? "during " + currentStage
                : completed.isEmpty() ? "before the first stage" : "after " + completed.get(completed.size() - 1));
        // The workflow scope is cancelled: record the outcome from a scope that is not.
        Workflow.newDetachedCancellationScope(() -> {
            writeFinished();
            tracking.runEnded(runId, status, error);
        }).run();
        return cancellation;
    }

    /**
     * Runs one stage between its records. With joined boundaries the stage's completion is written in
     * the same step as the next stage's start, or before whatever else comes next ({@link #writeFinished}):
     * a cancel right after the stage's work ends the run with that completion written first.
     */
    private <T> T stage(PipelineStage stage, Supplier<T> work, java.util.function.Function<T, Map<String, Double>> metrics) {
        currentStage = stage;
        stageStartedAt = Workflow.currentTimeMillis();
        if (finished != null) {
            PipelineStage previous = finished;
            Map<String, Double> previousMetrics = finishedMetrics;
            finished = null;
            control(() -> {
                tracking.stageBoundary(runId, previous, previousMetrics, stage);
                return null;
            });
        } else {
            control(() -> {
                tracking.stageStarted(runId, stage);
                return null;
            });
        }
        T result = work.get();
        if (joinedBoundaries) {
            finished = stage;
            finishedMetrics = metrics.apply(result);
        } else {
            bookkeeping(() -> {
                tracking.stageCompleted(runId, stage, metrics.apply(result));
                return null;
            });
        }
        completed.add(stage);
        currentStage = null;
        honourCancel();
        return result;
    }

    /** Writes the completion of a finished stage that no boundary step has written yet. */
    private void writeFinished() {
        if (finished != null) {
            PipelineStage stage = finished;
            finished = null;
            bookkeeping(() -> {
                tracking.stageCompleted(runId, stage, finishedMetrics);
                return null;
            });
        }
    }

    /**
     * A bookkeeping step on the control queue, after which a cancel that arrived meanwhile takes
     * effect. Such a step is short and never cancelled half-way, so the registry never sees half of
     * a stage's record.
     *
     * <p>Why this run never asks the workflow service to cancel an activity: when that request
     * crosses the activity's completion, Temporal's in-process test service (the embedded one)
     * rejects the workflow task with FAILED_PRECONDITION ACTIVITY_UNKNOWN and, having already closed
     * the task, never offers it again: the run stays RUNNING for ever. Bookkeeping steps therefore
     * run to their end, and compute stages are abandoned on cancel, which sends nothing.
     */
    private <T> T control(Supplier<T> step) {
        T result = bookkeeping(step);
        honourCancel();
        return result;
    }

    private void honourCancel() {
        if (consistentEnd && CancellationScope.current().isCancelRequested()) {
            throw new CanceledFailure("Cancelled by request");
        }
    }

    /** A bookkeeping step that runs to its end even when the run is cancelled meanwhile. */
    private <T> T bookkeeping(Supplier<T> step) {
        if (!consistentEnd) {
            return step.get();
        }
        List<T> result = new ArrayList<>(1);
        Workflow.newDetachedCancellationScope(() -> result.add(step.get())).run();
        return result.get(0);
    }

    /**
     * The message a user can act on: that of the outermost failure of one of the service's own
     * codes ({@link ErrorCode}), else that of the innermost application failure (whose causes are
     * the library's own exceptions, e.g. the path of a file, which says less).
     */
    static String describe(TemporalFailure failure) {
        Throwable t = failure;
        String message = failure.getMessage();
        while (t != null) {
            if (t instanceof ApplicationFailure app) {
                message = app.getOriginalMessage();
                if (ErrorCode.ofName(app.getType()) != null) {
                    return message;
                }
            } else if (t instanceof TimeoutFailure timeout) {
                message = "Timed out: " + timeout.getTimeoutType();
            }
            t = t.getCause();
        }
        return message;
    }

    /**
     * For a stage that timed out, a message that says which stage, what it was last doing (its last
     * heartbeat) and how long it had run; otherwise {@code message}.
     */
    static String timedOut(TemporalFailure failure, PipelineStage stage, long elapsedMillis, String message) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutFailure timeout) {
                String last = lastReport(timeout);
                String doing = last == null ? "it had reported no progress" : "its last report: " + last;
                String ran = " after " + duration(elapsedMillis) + " in the stage";
                return switch (timeout.getTimeoutType()) {
                    case TIMEOUT_TYPE_HEARTBEAT -> stage + " stopped answering" + ran + ": its worker sent no"
                            + " heartbeat for " + duration(COMPUTE.getHeartbeatTimeout().toMillis()) + " (" + doing
                            + "). The worker may have run out of memory or been stopped; its log says more.";
                    case TIMEOUT_TYPE_SCHEDULE_TO_START -> stage + " waited " + duration(elapsedMillis)
                            + " for a worker on its task queue and none took it: no worker polls it. For a GPU run,"
                            + " start a worker with HONE_RUNTIME_WORKER_QUEUES=mlops-gpu, or run with device CPU.";
                    case TIMEOUT_TYPE_START_TO_CLOSE -> stage + " ran longer than its limit of "
                            + duration(COMPUTE.getStartToCloseTimeout().toMillis()) + " (" + doing + ")" + ran + ".";
                    default -> stage + " timed out (" + timeout.getTimeoutType() + ")" + ran + " (" + doing + ").";
                };
            }
        }
        return message;
    }

    /** The text of a timed-out activity's last heartbeat, or null when it sent none or another kind. */
    private static String lastReport(TimeoutFailure timeout) {
        try {
            return timeout.getLastHeartbeatDetails().get(String.class);
        } catch (RuntimeException e) {
            // No heartbeat, or details that are not a sentence (a trial's report): none to show.
            return null;
        }
    }

    /** "2 min 5 s", "45 s", "6 h". */
    static String duration(long millis) {
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
    }

    /**
     * The code of the outermost application failure under {@code failure}, or
     * {@link ErrorCode#STAGE_FAILED} when it has none: a timeout, or tries used up on an unexpected
     * exception (whose type is its class name).
     */
    private static String failureType(TemporalFailure failure) {
        Throwable t = failure.getCause();
        while (t != null) {
            if (t instanceof ApplicationFailure app) {
                return ErrorCode.ofName(app.getType()) != null ? app.getType() : ErrorCode.STAGE_FAILED.name();
            }
            t = t.getCause();
        }
        return ErrorCode.STAGE_FAILED.name();
    }

    @Override
    public PipelineState state() {
        return new PipelineState(runId, currentStage, List.copyOf(completed), status, error);
    }
}
