package dev.hone.activities.pipeline;

import dev.hone.errors.ErrorCode;
import dev.hone.registry.common.Json;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.workflows.pipeline.PipelineStage;
import dev.hone.workflows.pipeline.RunTrackingActivities;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Mirrors workflow progress into the run record. Each write names the workflow that makes it, so
 * only the run's current attempt can change the run.
 */
@ApplicationScoped
public class RunTrackingActivitiesImpl implements RunTrackingActivities {

    private final RunService runs;

    public RunTrackingActivitiesImpl(RunService runs) {
        this.runs = runs;
    }

    @Override
    public void runStarted(long runId) {
        Failures.classify(() -> runs.markStarted(runId, workflowId()));
    }

    @Override
    public void stageStarted(long runId, PipelineStage stage) {
        Failures.classify(() -> runs.stageStarted(runId, workflowId(), stage.name()));
    }

    @Override
    public void stageCompleted(long runId, PipelineStage stage, Map<String, Double> metrics) {
        Failures.classify(() -> runs.stageCompleted(runId, workflowId(), stage.name(), Json.write(metrics)));
    }

    @Override
    public void stageBoundary(long runId, PipelineStage completed, Map<String, Double> metrics, PipelineStage next) {
        Failures.classify(() -> runs.stageBoundary(runId, workflowId(), completed.name(), Json.write(metrics),
                next.name()));
    }

    @Override
    public void runSucceeded(long runId, long modelVersionId, Map<String, Double> testMetrics) {
        boolean recorded = Failures.classify(() -> runs.succeeded(runId, workflowId(), modelVersionId,
                Json.write(testMetrics)));
        if (!recorded) {
            throw Failures.failure(ErrorCode.CANCELLED, "Cancelled by request before the run could succeed");
        }
    }

    @Override
    public void runEnded(long runId, String status, String error) {
        Failures.classify(() -> runs.ended(runId, workflowId(), RunStatus.valueOf(status), error));
    }

    private static String workflowId() {
        return Activity.getExecutionContext().getInfo().getWorkflowId();
    }
}
