package dev.hone.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Replays a recorded monitor (an alarm lost to a schedule without a workflow, one sent, a cool-down, pause, check
 * now, update, delete) against the current workflow code, so a change that would break monitors in flight fails
 * here. Recorded by {@link MonitorHistoryRecorderTest}.
 */
class DriftMonitorWorkflowReplayTest {

    @Test
    void aRecordedMonitorReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history;
        try (InputStream in = getClass().getResourceAsStream("/histories/drift-monitor-alarms.json")) {
            assertThat(in).as("recorded history").isNotNull();
            history = WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.getEvents()).extracting(HistoryEvent::getEventType).contains(
                EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
                EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
                EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, DriftMonitorWorkflowImpl.class))
                .doesNotThrowAnyException();
    }
}
