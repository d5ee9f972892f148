package dev.hone.workflows.pipeline;

import java.util.List;

/**
 * What the workflow query reports while a run goes.
 *
 * @param runId the run
 * @param currentStage the stage running now, or null before the first and after the last
 * @param completedStages stages finished so far, in order
 * @param status RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param error the failure message, when failed
 */
public record PipelineState(
        long runId, PipelineStage currentStage, List<PipelineStage> completedStages, String status, String error) {
}
