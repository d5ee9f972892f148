package dev.hone.workflows.schedule;

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
 * Replays recorded schedules (a catch-up, buffered and skipped fires, pause, trigger, update, delete, runs followed
 * for a rollout, drift alarms cancelling the run in flight, new data versions) against the
 * current workflow code, so a change that would break schedules in flight fails here. Recorded by
 * {@link ScheduleHistoryRecorderTest}.
 */
class RetrainingScheduleWorkflowReplayTest {

    @ParameterizedTest
    @ValueSource(strings = {"schedule-buffer-pause-update-delete.json", "schedule-catch-up-skip.json",
        "schedule-follow-runs.json", "schedule-drift-cancel-running.json",
        "schedule-new-data.json"})
    void recordedSchedulesReplayDeterministically(String file) throws IOException {
        WorkflowExecutionHistory history;
        try (InputStream in = getClass().getResourceAsStream("/histories/" + file)) {
            assertThat(in).as("recorded history %s", file).isNotNull();
            history = WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.getEvents()).extracting(HistoryEvent::getEventType)
                .contains(EventType.EVENT_TYPE_TIMER_STARTED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, RetrainingScheduleWorkflowImpl.class))
                .doesNotThrowAnyException();
    }
}
