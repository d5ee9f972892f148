package dev.hone.activities.pipeline;

import dev.hone.ml.model.MlpConfig;
import dev.hone.registry.run.RunService;
import dev.hone.registry.worker.WorkerRegistry;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.ComputeRoute;
import dev.hone.workflows.pipeline.ComputeRoutingActivities;
import dev.hone.workflows.pipeline.RouteRequest;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Routes a run's compute by {@link ComputeRouter}'s rule over the worker processes that report themselves. */
@ApplicationScoped
public class ComputeRoutingActivitiesImpl implements ComputeRoutingActivities {

    private final RunService runs;
    private final WorkerRegistry workers;

    public ComputeRoutingActivitiesImpl(RunService runs, WorkerRegistry workers) {
        this.runs = runs;
        this.workers = workers;
    }

    @Override
    public ComputeRoute route(RouteRequest request) {
        List<Integer> hidden = request.settings() == null || request.settings().hiddenLayers() == null
                ? MlpConfig.defaults(0).hiddenLayers() : request.settings().hiddenLayers();
        int outputs = request.data().task() == Task.CLASSIFICATION ? request.data().classLabels().size() : 1;
        ComputeRoute route = ComputeRouter.route(request.asked(), request.data().rows().get(0),
                request.data().featureCount(), hidden, outputs, workers.polling(TaskQueues.GPU).size());
        String workflowId = Activity.getExecutionContext().getInfo().getWorkflowId();
        Failures.classify(() -> runs.computeRouted(request.runId(), workflowId, route.device().name(),
                route.reason()));
        return route;
    }
}
