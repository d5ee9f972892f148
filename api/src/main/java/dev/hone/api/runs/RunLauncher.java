package dev.hone.api.runs;

import dev.hone.api.error.InvalidInputError;
import dev.hone.ml.data.DataProfile;
import dev.hone.registry.common.Json;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.dataset.DatasetVersion;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.ModelOptimizationWorkflow;
import dev.hone.workflows.pipeline.PipelineRequest;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.TuningSpec;
import dev.hone.activities.tuning.TuningSpaces;
import dev.hone.ml.preprocess.TaskType;
import io.quarkus.logging.Log;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Starts, cancels and restarts pipeline runs: checks the request, records the run, starts its workflow. */
@ApplicationScoped
public class RunLauncher {

    private static final Set<String> TASKS = Set.of("CLASSIFICATION", "REGRESSION");
    private static final Set<String> DEVICES = Set.of("CPU", "GPU", "AUTO");

    private final DatasetService datasets;
    private final RunService runs;
    private final WorkflowClient client;
    private final RunLimits limits;

    public RunLauncher(DatasetService datasets, RunService runs, WorkflowClient client, RunLimits limits) {
        this.datasets = datasets;
        this.runs = runs;
        this.client = client;
        this.limits = limits;
    }

    /** A validated request to start a run. */
    public record StartRequest(String dataset, Integer datasetVersion, String target, String task, String modelName,
            TrainingSettings training, Long seed, String device, TuningSpec tuning) {
    }

    public Run start(StartRequest r, String user) {
        // Sizes first: cheap to check, and nothing after may grow with an unchecked size.
        limits.check(r.training());
        if (r.tuning() != null) {
            limits.checkBudget(r.tuning());
        }
        DatasetVersion dv = datasets.version(require(r.dataset(), "dataset"), r.datasetVersion());
        String target = require(r.target(), "target");
        DataProfile profile = Json.read(dv.profileJson, DataProfile.class);
        List<String> columns = profile.columns().stream().map(c -> c.name()).toList();
        if (!columns.contains(target)) {
            throw new InvalidInputError("Target column '" + target + "' does not exist in data set '" + r.dataset()
                    + "' version " + dv.version + "; its columns are " + columns);
        }
        String task = r.task() == null ? null : r.task().toUpperCase(Locale.ROOT);
        if (task != null && !TASKS.contains(task)) {
            throw new InvalidInputError("Unknown task '" + r.task() + "': use CLASSIFICATION or REGRESSION, or leave it "
                    + "out to infer it from the target");
        }
        String device = r.device() == null ? "AUTO" : r.device().toUpperCase(Locale.ROOT);
        if (!DEVICES.contains(device)) {
            throw new InvalidInputError("Unknown device '" + r.device() + "': use CPU, GPU or AUTO");
        }
        String modelName = r.modelName() == null ? r.dataset() + "-" + target : r.modelName();
        try {
            ModelRegistryService.validateModelName(modelName);
        } catch (RuntimeException e) {
            throw new InvalidInputError(e.getMessage());
        }
        long seed = r.seed() == null ? 42L : r.seed();
        TrainingSettings training = r.training() == null ? TrainingSettings.defaults() : r.training();
        try {
            dev.hone.activities.pipeline.TrainingActivitiesImpl.config(training, seed).validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputError("Invalid training settings: " + e.getMessage());
        }
        if (r.tuning() != null) {
            boolean classification = task != null ? task.equals("CLASSIFICATION")
                    : TaskType.infer(profile.columns().stream().filter(c -> c.name().equals(target)).findFirst()
                            .orElseThrow()) == TaskType.CLASSIFICATION;
            try {
                TuningSpaces.validate(r.tuning(), classification);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputError(e.getMessage());
            }
            limits.checkSpace(r.tuning());
        }
        Run run = runs.create(new RunService.RunSpec(dv.id, target, task, modelName, device, seed,
                Json.write(training), r.tuning() == null ? null : Json.write(r.tuning())), user);
        launch(run, training);
        return runs.get(run.id);
    }

    private void launch(Run run, TrainingSettings training) {
        String workflowId = ModelOptimizationWorkflow.workflowId(run.id, run.attempt);
        runs.setWorkflowId(run.id, workflowId);
        ModelOptimizationWorkflow workflow = client.newWorkflowStub(ModelOptimizationWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue(TaskQueues.CONTROL)
                        .build());
        TuningSpec tuning = run.tuningJson == null ? null : Json.read(run.tuningJson, TuningSpec.class);
        WorkflowClient.start(workflow::run, new PipelineRequest(run.id, run.datasetVersionId, run.target, run.task,
                run.modelName, training, run.seed, run.device, tuning));
        Log.infof("Run %d started as workflow %s", run.id, workflowId);
    }

    /**
     * Requests cancellation; the running stage stops at its next heartbeat. The request is recorded
     * first: from then on the run cannot be recorded as succeeded, so it ends CANCELLED (INTERRUPTED
     * only if Hone stops before the workflow could end it).
     */
    public Run cancel(long runId) {
        Run run;
        try {
            run = runs.requestCancel(runId);
        } catch (dev.hone.registry.common.InvalidInputException e) {
            throw new InvalidInputError(e.getMessage());
        }
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
     */
    public Run restart(long runId, String user) {
        Run run;
        try {
            run = runs.prepareRestart(runId, user);
        } catch (dev.hone.registry.common.InvalidInputException e) {
            throw new InvalidInputError(e.getMessage());
        }
        launch(run, Json.read(run.settingsJson, TrainingSettings.class));
        return runs.get(runId);
    }

    static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputError("'" + field + "' is required");
        }
        return value;
    }
}
