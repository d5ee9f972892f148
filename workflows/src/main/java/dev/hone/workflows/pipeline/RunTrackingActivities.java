package dev.hone.workflows.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/**
 * Keeps the run record in the database in step with the workflow, so run state survives the
 * workflow service and can be read without it. Runs on the control queue. Every method is
 * idempotent: repeating it leaves the same state.
 */
@ActivityInterface
public interface RunTrackingActivities {

    @ActivityMethod
    void runStarted(long runId);

    @ActivityMethod
    void stageStarted(long runId, PipelineStage stage);

    @ActivityMethod
    void stageCompleted(long runId, PipelineStage stage, Map<String, Double> metrics);

    /** {@link #stageCompleted} of one stage and {@link #stageStarted} of the next, as one step. */
    @ActivityMethod
    void stageBoundary(long runId, PipelineStage completed, Map<String, Double> metrics, PipelineStage next);

    @ActivityMethod
    void runSucceeded(long runId, long modelVersionId, Map<String, Double> testMetrics);

    /** Records the end of a run that did not succeed; {@code status} is FAILED or CANCELLED. */
    @ActivityMethod
    void runEnded(long runId, String status, String error);
}
