package dev.hone.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded rollouts (signals, timers, an inconclusive wait, approval; a roll-back; an abort;
 * a step the registry refused) against
 * the current workflow code, so a change that would break rollouts in flight fails here. Recorded by
 * {@link RolloutHistoryRecorderTest}.
 */
class CanaryRolloutWorkflowReplayTest {

    @ParameterizedTest
    @ValueSource(strings = {"rollout-paused-approved.json", "rollout-rolled-back.json", "rollout-aborted.json",
        "rollout-refused-step.json"})
    void recordedRolloutsReplayDeterministically(String file) throws IOException {
        WorkflowExecutionHistory history;
        try (InputStream in = getClass().getResourceAsStream("/histories/" + file)) {
            assertThat(in).as("recorded history %s", file).isNotNull();
            history = WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.getEvents()).extracting(HistoryEvent::getEventType)
                .contains(EventType.EVENT_TYPE_TIMER_STARTED, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, CanaryRolloutWorkflowImpl.class))
                .doesNotThrowAnyException();
    }
}
