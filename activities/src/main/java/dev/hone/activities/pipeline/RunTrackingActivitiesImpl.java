package dev.hone.activities.pipeline;

import dev.hone.registry.common.Json;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.workflows.pipeline.PipelineStage;
import dev.hone.workflows.pipeline.RunTrackingActivities;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Mirrors workflow progress into the run record. */
@ApplicationScoped
public class RunTrackingActivitiesImpl implements RunTrackingActivities {

    private final RunService runs;

    public RunTrackingActivitiesImpl(RunService runs) {
        this.runs = runs;
    }

    @Override
    public void runStarted(long runId) {
        runs.markStarted(runId);
    }

    @Override
    public void stageStarted(long runId, PipelineStage stage) {
        runs.stageStarted(runId, stage.name());
    }

    @Override
    public void stageCompleted(long runId, PipelineStage stage, Map<String, Double> metrics) {
        runs.stageCompleted(runId, stage.name(), Json.write(metrics));
    }

    @Override
    public void runSucceeded(long runId, long modelVersionId, Map<String, Double> testMetrics) {
        runs.succeeded(runId, modelVersionId, Json.write(testMetrics));
    }

    @Override
    public void runEnded(long runId, String status, String error) {
        runs.ended(runId, RunStatus.valueOf(status), error);
    }
}
