package dev.hone.workflows.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories against the current workflow code, so a change that would break
 * runs already in flight fails here instead of in production. The histories are recorded by
 * {@link ModelOptimizationHistoryRecorderTest}.
 */
class ModelOptimizationWorkflowReplayTest {

    @Test
    void successfulRunReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history = load("model-optimization-success.json");

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, ModelOptimizationWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    @Test
    void invalidInputRunReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history = load("model-optimization-invalid-input.json");

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, ModelOptimizationWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    /** A run with a study: the "tune-stage" version marker and the study as a child workflow. */
    @Test
    void tunedRunReplaysDeterministically() throws IOException {
        // The study's workflow id derives from the run's, so the replay must know the run's.
        WorkflowExecutionHistory history = load("model-optimization-tune-stage.json", FakePipeline.newWorkflowId());

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.getEvents()).extracting(e -> e.getEventType())
                .contains(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.getEvents()).filteredOn(e -> e.hasMarkerRecordedEventAttributes())
                .extracting(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().toString())
                .anySatisfy(details -> assertThat(details).contains("tune-stage"));
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, ModelOptimizationWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    /** A run routed after preprocessing (device AUTO, sent to the GPU queue): the "compute-route" marker. */
    @Test
    void routedRunReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history = load("model-optimization-compute-route.json");

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.getEvents()).filteredOn(e -> e.hasMarkerRecordedEventAttributes())
                .extracting(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().toString())
                .anySatisfy(details -> assertThat(details).contains("compute-route"));
        assertThat(history.getEvents()).filteredOn(e -> e.hasActivityTaskScheduledEventAttributes())
                .extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName() + "@"
                        + e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName())
                .contains("Preprocess@mlops-cpu", "Route@mlops-control", "Train@mlops-gpu");
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, ModelOptimizationWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    /** A run with the compression stage: the "compress-stage" version marker. */
    @Test
    void compressedRunReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history = load("model-optimization-compress-stage.json");

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.getEvents()).filteredOn(e -> e.hasMarkerRecordedEventAttributes())
                .extracting(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().toString())
                .anySatisfy(details -> assertThat(details).contains("compress-stage"));
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, ModelOptimizationWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    /** A compressing run with the validation stage: the "validate-stage" marker and four parts in parallel. */
    @Test
    void validatedRunReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history = load("model-optimization-validate-stage.json");

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.getEvents()).filteredOn(e -> e.hasMarkerRecordedEventAttributes())
                .extracting(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().toString())
                .anySatisfy(details -> assertThat(details).contains("validate-stage"));
        assertThat(history.getEvents()).filteredOn(e -> e.hasActivityTaskScheduledEventAttributes())
                .extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
                .containsSubsequence("Measure", "Measure", "Measure", "Measure", "Judge");
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, ModelOptimizationWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    /** A validated run that asked for reweighing: five parts in parallel, the mitigation among them. */
    @Test
    void validatedRunWithTheMitigationPartReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history = load("model-optimization-validate-mitigation.json");

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.getEvents()).filteredOn(e -> e.hasActivityTaskScheduledEventAttributes())
                .extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
                .containsSubsequence("Measure", "Measure", "Measure", "Measure", "Measure", "Judge");
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, ModelOptimizationWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    @Test
    void successfulRunOfTheConsistentEndReleaseReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history = load("model-optimization-consistent-end-success.json");

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, ModelOptimizationWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    @Test
    void runCancelledWhileRegisteringReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history = load("model-optimization-consistent-end-cancelled-in-register.json");

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
        assertThat(history.getEvents()).extracting(e -> e.getEventType())
                .doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, ModelOptimizationWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    @Test
    void runCancelledWhileTrainingReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history = load("model-optimization-consistent-end-cancelled-in-train.json");

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
        assertThat(history.getEvents()).extracting(e -> e.getEventType())
                .doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, ModelOptimizationWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    /** One step per stage boundary: no StageStarted after the first, no RunStarted. */
    @Test
    void runWithJoinedBoundariesReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history = load("model-optimization-joined-boundaries.json");

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.getEvents()).filteredOn(e -> e.hasActivityTaskScheduledEventAttributes())
                .extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
                .startsWith("StageStarted", "Preprocess", "StageBoundary", "Train", "StageBoundary", "Compress")
                .doesNotContain("RunStarted");
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, ModelOptimizationWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    private static WorkflowExecutionHistory load(String fileName) throws IOException {
        return load(fileName, "workflow_id_in_replay");
    }

    private static WorkflowExecutionHistory load(String fileName, String workflowId) throws IOException {
        try (InputStream in = ModelOptimizationWorkflowReplayTest.class.getResourceAsStream("/histories/" + fileName)) {
            assertThat(in).as("recorded history %s", fileName).isNotNull();
            return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), workflowId);
        }
    }
}
