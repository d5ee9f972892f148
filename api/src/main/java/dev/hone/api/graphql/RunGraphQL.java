package dev.hone.api.graphql;

import dev.hone.api.error.NotFoundError;
import dev.hone.api.graphql.Inputs.StartRunInput;
import dev.hone.api.graphql.OptionViews.SearchSpaceOptionsView;
import dev.hone.api.graphql.OptionViews.TrainingOptionsView;
import dev.hone.api.graphql.Types.DatasetVersionView;
import dev.hone.api.graphql.Types.ModelVersionView;
import dev.hone.api.graphql.Types.PageInfo;
import dev.hone.api.graphql.Types.RunAttemptView;
import dev.hone.api.graphql.Types.RunPage;
import dev.hone.api.graphql.Types.RunStageView;
import dev.hone.api.graphql.Types.RunStatusInfo;
import dev.hone.api.graphql.Types.RunView;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.runs.RunBounds;
import dev.hone.runs.RunLauncher;
import dev.hone.runs.RunOptions;
import dev.hone.runs.RunRequest;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.workflows.tuning.ParameterDef;
import dev.hone.workflows.tuning.TuningSpec;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** Pipeline runs: start, watch, cancel, restart. */
@GraphQLApi
@ApplicationScoped
public class RunGraphQL {

    @Inject
    Paging paging;

    private final RunService runs;
    private final RunLauncher launcher;
    private final DatasetService datasets;
    private final ModelRegistryService registry;
    private final SecurityIdentity identity;
    private final RunBounds bounds;

    public RunGraphQL(RunService runs, RunLauncher launcher, DatasetService datasets, ModelRegistryService registry,
            SecurityIdentity identity, RunBounds bounds) {
        this.runs = runs;
        this.launcher = launcher;
        this.datasets = datasets;
        this.registry = registry;
        this.identity = identity;
        this.bounds = bounds;
    }

    @Query("trainingOptions")
    @Description("The settings startRun takes (task, device, seed and every training setting): kind, default, "
            + "bounds (configured limits name the key that raises them), choices, and what each does")
    @RequiresPermission(Permission.READ)
    public @NonNull TrainingOptionsView trainingOptions() {
        return TrainingOptionsView.of(bounds);
    }

    @Query("searchSpaceOptions")
    @Description("What a hyperparameter study takes: samplers, pruners, objectives, the study's numbers with their "
            + "defaults and bounds, parameter types, and the parameters it may search with their choices and bounds")
    @RequiresPermission(Permission.READ)
    public @NonNull SearchSpaceOptionsView searchSpaceOptions() {
        return SearchSpaceOptionsView.of(bounds);
    }

    @Query("runStatuses")
    @Description("Every status a run can have, in life-cycle order, with what it means and whether it is an end")
    @RequiresPermission(Permission.READ)
    public @NonNull List<@NonNull RunStatusInfo> runStatuses() {
        return Arrays.stream(RunStatus.values()).map(RunStatusInfo::of).toList();
    }

    @Query("runs")
    @Description("Runs, newest first, optionally filtered by status and data set")
    @RequiresPermission(Permission.READ)
    public @NonNull RunPage runs(RunStatus status, @Description("Data set name") String dataset,
            @DefaultValue("0") int page, @DefaultValue("20") int size) {
        paging.check(page, size);
        List<Long> versionIds = null;
        if (dataset != null) {
            var d = datasets.get(dataset);
            versionIds = datasets.versionsOf(List.of(d.id)).getOrDefault(d.id, List.of()).stream()
                    .map(v -> v.id).toList();
        }
        return new RunPage(runs.list(status, versionIds, page, size).stream().map(RunView::of).toList(),
                new PageInfo(page, size, runs.count(status, versionIds)));
    }

    @Query("run")
    @Description("One run by id")
    @RequiresPermission(Permission.READ)
    public @NonNull RunView run(@Id long id) {
        return RunView.of(runs.get(id));
    }

    @Mutation("startRun")
    @Description("Starts a pipeline run: preprocess, (tune,) train, (compress,) evaluate, validate, register")
    @RequiresPermission(Permission.RUN)
    public @NonNull RunView startRun(@NonNull StartRunInput input) {
        return RunView.of(launcher.start(request(input), identity.getPrincipal().getName()));
    }

    /** The run request an input asks for. */
    static RunRequest request(StartRunInput input) {
        return new RunRequest(input.dataset, input.datasetVersion, input.target, input.task, input.modelName,
                input.training, input.seed, input.device, tuning(input.tuning), input.compression, input.validation);
    }

    private static TuningSpec tuning(Inputs.TuningInput t) {
        if (t == null) {
            return null;
        }
        return RunOptions.study(t.sampler, t.pruner, t.objective, t.direction, t.maxTrials, t.parallelism,
                t.gridPoints, t.minResource, t.reductionFactor,
                t.parameters == null ? null : t.parameters.stream().map(p -> new ParameterDef(p.name, p.type,
                        p.low, p.high, p.log, p.step, p.choices, p.conditionParameter, p.conditionValues)).toList(),
                t.sampleRows, t.cost, t.costTolerance, t.warmStartTrials);
    }

    @Mutation("cancelRun")
    @Description("Cancels a queued or running run; the running stage stops within seconds")
    @RequiresPermission(Permission.RUN)
    public @NonNull RunView cancelRun(@Id long id) {
        return RunView.of(launcher.cancel(id));
    }

    @Mutation("restartRun")
    @Description("Starts an interrupted, failed or cancelled run again as a new attempt; whoever restarts it may not "
            + "decide on the version it produces (four eyes)")
    @RequiresPermission(Permission.RUN)
    public @NonNull RunView restartRun(@Id long id) {
        return RunView.of(launcher.restart(id, identity.getPrincipal().getName()));
    }

    @Subscription("runUpdates")
    @Description("Streams the run whenever its status, stage, progress or error changes, until it ends; a "
            + "subscriber first receives the run as it stands")
    @RequiresPermission(Permission.READ)
    public Multi<RunView> runUpdates(@Id long id) {
        AtomicReference<String> seen = new AtomicReference<>();
        return Polling.until(() -> {
            Run run;
            try {
                run = runs.get(id);
            } catch (NotFoundException e) {
                throw new NotFoundError(e.getMessage());
            }
            StringBuilder state = new StringBuilder(run.status + "|" + run.currentStage + "|" + run.error + "|"
                    + run.attempt);
            runs.stagesOf(List.of(id)).getOrDefault(id, List.of()).forEach(st -> state.append('|')
                    .append(st.stage).append(st.status).append(st.progress).append(st.detail));
            boolean changed = !state.toString().equals(seen.getAndSet(state.toString()));
            return new Polling.Tick<>(changed ? List.of(RunView.of(run)) : List.of(), run.status.isFinal());
        });
    }

    @Description("Stages of the current attempt, in order")
    public List<@NonNull List<@NonNull RunStageView>> stages(@Source List<RunView> list) {
        var byRun = runs.stagesOf(list.stream().map(RunView::id).toList());
        return list.stream()
                .map(r -> byRun.getOrDefault(r.id(), List.of()).stream().map(RunStageView::of).toList())
                .toList();
    }

    @Description("Every start of the run, first to last, with who started it")
    public List<@NonNull List<@NonNull RunAttemptView>> attempts(@Source List<RunView> list) {
        var byRun = runs.attemptsOf(list.stream().map(RunView::id).toList());
        return list.stream()
                .map(r -> byRun.getOrDefault(r.id(), List.of()).stream().map(RunAttemptView::of).toList())
                .toList();
    }

    @Description("The data set version the run learns from")
    public List<@NonNull DatasetVersionView> datasetVersion(@Source List<RunView> list) {
        var byId = datasets.versionsById(list.stream().map(RunView::datasetVersionId).distinct().toList());
        return list.stream().map(r -> DatasetVersionView.of(byId.get(r.datasetVersionId()))).toList();
    }

    @Description("The model version the run registered, once it succeeded")
    public List<ModelVersionView> modelVersion(@Source List<RunView> list) {
        var byId = registry.versionsById(list.stream().map(RunView::modelVersionId).filter(Objects::nonNull)
                .distinct().toList());
        return list.stream()
                .map(r -> r.modelVersionId() == null ? null : ModelVersionView.of(byId.get(r.modelVersionId())))
                .toList();
    }

}
