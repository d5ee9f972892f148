package dev.hone.runs;

import dev.hone.ml.data.DataProfile;
import dev.hone.registry.common.Json;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.dataset.DatasetVersion;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.CompressionSettings;
import dev.hone.workflows.pipeline.ValidationSettings;
import dev.hone.workflows.pipeline.ModelOptimizationWorkflow;
import dev.hone.workflows.pipeline.PipelineRequest;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.TuningSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.logging.Log;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Starts, cancels and restarts pipeline runs, for every caller (the API, schedules, retraining):
 * checks the request ({@link RunRules}), records the run, starts its workflow. A run whose
 * workflow cannot be started ends FAILED with the reason at once; it is never left QUEUED.
 */
@ApplicationScoped
public class RunLauncher {

    /** The start of the error of a run whose workflow was not started. */
    public static final String NOT_STARTED = "Not started: ";

    private final DatasetService datasets;
    private final RunService runs;
    private final WorkflowClient client;
    private final RunBounds bounds;

    public RunLauncher(DatasetService datasets, RunService runs, WorkflowClient client, RunBounds bounds) {
        this.datasets = datasets;
        this.runs = runs;
        this.client = client;
        this.bounds = bounds;
    }

    /**
     * Checks the request, records the run as {@code user}'s and starts its workflow.
     *
     * @throws dev.hone.registry.common.InvalidInputException when the request breaks a rule; nothing is recorded
     * @throws dev.hone.registry.common.NotFoundException when the data set or its version does not exist
     * @throws WorkflowServiceUnavailableException when the workflow could not be started; the run is
     *     recorded FAILED with the reason
     */
    public Run start(RunRequest request, String user) {
        return start(request, user, null);
    }

    /** As {@link #start(RunRequest, String)}, for a schedule's fire (null: none), recorded on the run. */
    public Run start(RunRequest request, String user, Long scheduleFireId) {
        DatasetVersion dv = datasetOf(request);
        RunRules.CheckedRun run = check(request, dv);
        Run created = runs.create(new RunService.RunSpec(dv.id, run.target(),
                run.task() == null ? null : run.task().name(), run.modelName(), run.device().name(), run.seed(), Json.write(run.training()),
                run.tuning() == null ? null : Json.write(run.tuning()),
                run.compression() == null ? null : Json.write(run.compression()),
                run.validation() == null ? null : Json.write(run.validation())), user, scheduleFireId);
        launch(created);
        return runs.get(created.id);
    }

    /**
     * Checks a request as {@link #start} would, against the data set version it names now, starting nothing (a
     * schedule's run request is checked when the schedule is made); returns the run as it would be recorded.
     */
    public RunRules.CheckedRun check(RunRequest request) {
        return check(request, datasetOf(request));
    }

    private DatasetVersion datasetOf(RunRequest request) {
        // Sizes first: cheap to check, and nothing after may grow with an unchecked size.
        RunRules.checkSizes(request, bounds);
        return datasets.version(RunRules.require(request.dataset(), "dataset"), request.datasetVersion());
    }

    private RunRules.CheckedRun check(RunRequest request, DatasetVersion dv) {
        return RunRules.check(request, dv.version, Json.read(dv.profileJson, DataProfile.class), bounds);
    }

    /**
     * Requests cancellation; the running stage stops at its next heartbeat. The request is recorded
     * first: from then on the run cannot be recorded as succeeded, so it ends CANCELLED (INTERRUPTED
     * only if Hone stops before the workflow could end it).
     *
     * @throws dev.hone.registry.common.InvalidInputException when the run has already ended
     */
    public Run cancel(long runId) {
        Run run = runs.requestCancel(runId);
        if (run.workflowId == null || !cancelWorkflow(run.workflowId)) {
            // No workflow to stop (it never started, or the workflow service lost it): end the record.
            runs.ended(runId, null, RunStatus.CANCELLED, "Cancelled by request");
        }
        return runs.get(runId);
    }

    /** Asks the workflow service to cancel a workflow; false when it has no such workflow running. */
    private boolean cancelWorkflow(String workflowId) {
        try {
            client.newUntypedWorkflowStub(workflowId).cancel();
            return true;
        } catch (WorkflowNotFoundException e) {
            return false;
        }
    }

    /**
     * Starts an interrupted, failed or cancelled run again, as a new attempt with the same inputs;
     * the run records who started the attempt.
     *
     * @throws dev.hone.registry.common.InvalidInputException when the run cannot be started again
     * @throws WorkflowServiceUnavailableException when the workflow could not be started; the run is
     *     recorded FAILED with the reason, and may be started again
     */
    public Run restart(long runId, String user) {
        launch(runs.prepareRestart(runId, user));
        return runs.get(runId);
    }

    /** Starts the workflow of the run's current attempt, or ends the run FAILED with the reason it could not. */
    private void launch(Run run) {
        String workflowId = ModelOptimizationWorkflow.workflowId(run.id, run.attempt);
        runs.setWorkflowId(run.id, workflowId);
        try {
            ModelOptimizationWorkflow workflow = client.newWorkflowStub(ModelOptimizationWorkflow.class,
                    WorkflowOptions.newBuilder()
                            .setWorkflowId(workflowId)
                            .setTaskQueue(TaskQueues.CONTROL)
                            .build());
            WorkflowClient.start(workflow::run, new PipelineRequest(run.id, run.datasetVersionId, run.target,
                    run.task == null ? null : Task.of(run.task), run.modelName,
                    Json.read(run.settingsJson, TrainingSettings.class), run.seed, Device.of(run.device),
                    run.tuningJson == null ? null : Json.read(run.tuningJson, TuningSpec.class),
                    run.compressionJson == null ? null : Json.read(run.compressionJson, CompressionSettings.class),
                    run.validationJson == null ? null : Json.read(run.validationJson, ValidationSettings.class)));
        } catch (RuntimeException e) {
            String reason = notStarted(workflowId, e);
            Log.errorf(e, "Run %d attempt %d: workflow %s not started", run.id, run.attempt, workflowId);
            // Should the service have started it after all (a reply lost to a timeout), the workflow
            // finds its run ended at its first write and stops without changing it.
            runs.ended(run.id, workflowId, RunStatus.FAILED, NOT_STARTED + reason);
            throw new WorkflowServiceUnavailableException("Run " + run.id + " was not started, and is recorded FAILED: "
                    + reason + ". restartRun starts it again as a new attempt", e);
        }
        Log.infof("Run %d started as workflow %s", run.id, workflowId);
    }

    /** Why the workflow service did not start a workflow, in words a user can act on (no addresses). */
    static String notStarted(String workflowId, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WorkflowExecutionAlreadyStarted) {
                return "the workflow service already runs a workflow with id '" + workflowId + "' that this database "
                        + "does not know (another installation on the same namespace, or a database that was reset)";
            }
            if (t instanceof StatusRuntimeException grpc) {
                Status status = grpc.getStatus();
                String detail = status.getCode() + (status.getDescription() == null ? ""
                        : ": " + status.getDescription());
                return switch (status.getCode()) {
                    case UNAVAILABLE, DEADLINE_EXCEEDED ->
                            "the workflow service could not be reached (" + detail + ")";
                    default -> "the workflow service refused to start the run's workflow (" + detail + ")";
                };
            }
        }
        return "the workflow client failed (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    }
}
