package dev.hone.workflows.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded study histories against the current workflow code, so a change that would
 * break studies already in flight fails here. {@code tuning-reports.json} is a study of the first
 * release (its trials' reports are updates of its history, each decided by a local activity); the
 * others are studies whose trials decide themselves, recorded by {@link TuningHistoryRecorderTest}.
 */
class TuningWorkflowReplayTest {

    @Test
    void studyWhoseTrialsReportedEachEpochReplaysDeterministically() throws IOException {
        WorkflowExecutionHistory history = load("tuning-reports.json");

        assertThat(history.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(history.getEvents()).extracting(HistoryEvent::getEventType)
                .contains(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
        assertThat(markers(history)).contains("LocalActivity");
        assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, TuningWorkflowImpl.class))
                .doesNotThrowAnyException();
    }

    @Test
    void studyWhoseTrialsDecideReplaysAcrossContinueAsNew() throws IOException {
        WorkflowExecutionHistory first = load("tuning-trials-decide-first-run.json");
        WorkflowExecutionHistory last = load("tuning-trials-decide-last-run.json");

        assertThat(first.getLastEvent().getEventType())
                .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
        assertThat(last.getLastEvent().getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        for (WorkflowExecutionHistory history : List.of(first, last)) {
            assertThat(history.getEvents()).extracting(HistoryEvent::getEventType)
                    .doesNotContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
            assertThat(markers(history)).doesNotContain("LocalActivity");
            assertThatCode(() -> WorkflowReplayer.replayWorkflowExecution(history, TuningWorkflowImpl.class))
                    .doesNotThrowAnyException();
        }
    }

    private static List<String> markers(WorkflowExecutionHistory history) {
        return history.getEvents().stream().filter(HistoryEvent::hasMarkerRecordedEventAttributes)
                .map(e -> e.getMarkerRecordedEventAttributes().getMarkerName()).toList();
    }

    static WorkflowExecutionHistory load(String fileName) throws IOException {
        try (InputStream in = TuningWorkflowReplayTest.class.getResourceAsStream("/histories/" + fileName)) {
            assertThat(in).as("recorded history %s", fileName).isNotNull();
            return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
