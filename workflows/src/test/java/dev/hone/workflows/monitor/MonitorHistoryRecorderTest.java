package dev.hone.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.schedule.RetrainingScheduleWorkflow;
import dev.hone.workflows.schedule.ScheduleRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the monitor history that {@link DriftMonitorWorkflowReplayTest} replays. It does not run in the normal
 * build. To re-record, from the repository root:
 *
 * <pre>
 * ./mvnw -B -pl workflows test -Dtest=MonitorHistoryRecorderTest -Dhone.recordHistories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "hone.recordHistories", matches = "true")
class MonitorHistoryRecorderTest {

    private static final Path HISTORIES =
            Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "histories");

    /** Checks breach from minute 20 on, except an inconclusive one at minute 25 and a clean one at minute 60. */
    static final class Scripted implements MonitorActivities {
        private final TestWorkflowEnvironment env;
        private final long start;
        private final AtomicLong ids = new AtomicLong();

        Scripted(TestWorkflowEnvironment env) {
            this.env = env;
            this.start = env.currentTimeMillis();
        }

        @Override
        public DriftCheck check(long monitorId, long atMillis) {
            long minute = (atMillis - start) / 60_000;
            DriftVerdict v = minute == 25 ? DriftVerdict.INCONCLUSIVE : minute < 20 || minute == 60
                    ? DriftVerdict.WITHIN : DriftVerdict.BREACHED;
            return new DriftCheck(ids.incrementAndGet(), v, v.name());
        }

        @Override
        public void noteAlarm(long checkId, boolean alarm, String note) {
        }

        @Override
        public void record(long monitorId, MonitorState state) {
        }
    }

    /**
     * An alarm lost to a schedule without a workflow, one sent once the schedule runs, a cool-down note, pause,
     * check now, update and delete.
     */
    @Test
    void recordAlarmsCoolDownPauseUpdateDelete() throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setIdentity("hone-history-recorder").build())
                .build())) {
            Worker control = env.newWorker(TaskQueues.CONTROL);
            control.registerWorkflowImplementationTypes(DriftMonitorWorkflowImpl.class,
                    DriftMonitorWorkflowTest.FakeSchedule.class);
            control.registerActivitiesImplementations(new Scripted(env));
            env.start();
            String id = DriftMonitorWorkflow.workflowId(1);
            DriftMonitorWorkflow w = env.getWorkflowClient().newWorkflowStub(DriftMonitorWorkflow.class,
                    WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.CONTROL).build());
            WorkflowClient.start(w::run, new MonitorRequest(1, new MonitorSpec(2, 300, 2, 900), false, 0, null));
            env.sleep(Duration.ofMinutes(31)); // alarm at minute 30: the schedule has no workflow yet
            RetrainingScheduleWorkflow schedule = env.getWorkflowClient().newWorkflowStub(
                    RetrainingScheduleWorkflow.class, WorkflowOptions.newBuilder()
                            .setWorkflowId(RetrainingScheduleWorkflow.workflowId(2)).setTaskQueue(TaskQueues.CONTROL)
                            .build());
            WorkflowClient.start(schedule::run, new ScheduleRequest(2, null, false, null, null, false));
            env.sleep(Duration.ofMinutes(20)); // breaches at 35, 40 in the cool-down; alarm sent at 45
            w.pause("admin");
            env.sleep(Duration.ofMinutes(30));
            w.checkNow("admin");
            env.sleep(Duration.ofMinutes(1));
            w.resume("admin");
            w.update(new MonitorSpec(2, 600, 1, 0), "admin");
            env.sleep(Duration.ofMinutes(30));
            w.delete("admin");
            WorkflowStub.fromTyped(w).getResult(Void.class);
            schedule.delete("admin");
            WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(id);
            assertThat(history.getEvents()).hasSizeGreaterThan(20);
            Files.createDirectories(HISTORIES);
            Files.writeString(HISTORIES.resolve("drift-monitor-alarms.json"), history.toJson(true) + "\n");
        }
    }
}
