package dev.hone.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.workflows.common.TaskQueues;
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
 * Records the schedule histories that {@link RetrainingScheduleWorkflowReplayTest} replays. It does not run in the
 * normal build. To re-record, from the repository root:
 *
 * <pre>
 * ./mvnw -B -pl workflows test -Dtest=ScheduleHistoryRecorderTest -Dhone.recordHistories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "hone.recordHistories", matches = "true")
class ScheduleHistoryRecorderTest {

    private static final Path HISTORIES =
            Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "histories");

    /** Hourly runs that last 90 minutes, so that every other fire finds one in flight. */
    static final class Scripted implements ScheduleActivities {
        private final TestWorkflowEnvironment env;
        private final AtomicLong runs = new AtomicLong();
        private volatile long runEnd;

        Scripted(TestWorkflowEnvironment env) {
            this.env = env;
        }

        @Override
        public Long nextFire(ScheduleSpec spec, long afterMillis) {
            long interval = spec.intervalSeconds() * 1000;
            return (Math.floorDiv(afterMillis, interval) + 1) * interval;
        }

        @Override
        public Long fire(FireRequest request) {
            runEnd = env.currentTimeMillis() + Duration.ofMinutes(90).toMillis();
            return runs.incrementAndGet();
        }

        @Override
        public void skipped(FireRequest request, String reason) {
        }

        @Override
        public boolean inFlight(long runId) {
            return env.currentTimeMillis() < runEnd;
        }

        @Override
        public void cancelRun(long runId, String reason) {
            runEnd = env.currentTimeMillis();
        }

        @Override
        public String afterRun(long scheduleId, long runId) {
            return "no rollout";
        }

        @Override
        public void record(long scheduleId, ScheduleState state) {
        }
    }

    interface Steer {
        void run(TestWorkflowEnvironment env, RetrainingScheduleWorkflow workflow) throws Exception;
    }

    /** Buffered and skipped fires, a pause with a trigger, an update, and the delete that ends it. */
    @Test
    void recordBufferedPausedTriggeredUpdatedDeleted() throws Exception {
        record("schedule-buffer-pause-update-delete.json", OverlapPolicy.BUFFER_ONE, (env, w) -> {
            env.sleep(Duration.ofMinutes(150));
            w.pause("admin");
            env.sleep(Duration.ofHours(1));
            w.trigger("scientist");
            env.sleep(Duration.ofMinutes(5));
            w.resume("admin");
            w.update(new ScheduleSpec(null, 7200L, "UTC", OverlapPolicy.CANCEL_RUNNING, CatchUpPolicy.RUN_ONCE),
                    "admin");
            env.sleep(Duration.ofHours(4));
            w.delete("admin");
        });
    }

    /** Runs followed to their end for a rollout on a deployment. */
    @Test
    void recordFollowingRuns() throws Exception {
        record("schedule-follow-runs.json", OverlapPolicy.SKIP, (env, w) -> {
            w.update(new ScheduleSpec(null, 3600L, "UTC", OverlapPolicy.SKIP, CatchUpPolicy.SKIP_MISSED, "flowers"),
                    "admin");
            env.sleep(Duration.ofHours(3));
            w.delete("admin");
        });
    }

    /** Drift alarms: fired at once, cancelling the run in flight; skipped while paused; then deleted. */
    @Test
    void recordDriftAlarmsCancellingRunning() throws Exception {
        record("schedule-drift-cancel-running.json", OverlapPolicy.CANCEL_RUNNING, (env, w) -> {
            env.sleep(Duration.ofMinutes(30));
            w.drift(11, "drift monitor 1");
            env.sleep(Duration.ofMinutes(50));
            w.pause("admin");
            w.drift(12, "drift monitor 1");
            env.sleep(Duration.ofMinutes(10));
            w.resume("admin");
            env.sleep(Duration.ofHours(2));
            w.delete("admin");
        });
    }

    /** New data versions: one fired at once, two taken by one fire at the end of the interval, one while paused. */
    @Test
    void recordNewDataVersions() throws Exception {
        record("schedule-new-data.json", OverlapPolicy.SKIP, (env, w) -> {
            w.update(new ScheduleSpec(null, 86_400L, "UTC", OverlapPolicy.SKIP, CatchUpPolicy.SKIP_MISSED, null,
                    7200L), "admin");
            env.sleep(Duration.ofMinutes(10));
            w.newData(2, "scientist");
            env.sleep(Duration.ofMinutes(30));
            w.newData(3, "scientist");
            w.newData(4, "scientist");
            env.sleep(Duration.ofHours(2));
            w.pause("admin");
            w.newData(5, "scientist");
            env.sleep(Duration.ofHours(3));
            w.delete("admin");
        });
    }

    /** Missed times caught up once at start, then hourly fires with skips. */
    @Test
    void recordCaughtUpAndSkipping() throws Exception {
        record("schedule-catch-up-skip.json", OverlapPolicy.SKIP, (env, w) -> {
            env.sleep(Duration.ofHours(4));
            w.delete("admin");
        });
    }

    private static void record(String file, OverlapPolicy overlap, Steer steer) throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setIdentity("hone-history-recorder").build())
                .build())) {
            Worker control = env.newWorker(TaskQueues.CONTROL);
            control.registerWorkflowImplementationTypes(RetrainingScheduleWorkflowImpl.class);
            control.registerActivitiesImplementations(new Scripted(env));
            env.start();
            String id = RetrainingScheduleWorkflow.workflowId(3);
            RetrainingScheduleWorkflow w = env.getWorkflowClient().newWorkflowStub(RetrainingScheduleWorkflow.class,
                    WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.CONTROL).build());
            long missedSince = env.currentTimeMillis() - Duration.ofHours(3).toMillis();
            WorkflowClient.start(w::run, new ScheduleRequest(3, new ScheduleSpec(null, 3600L, "UTC", overlap,
                    CatchUpPolicy.RUN_ONCE), false, missedSince, null, false));
            steer.run(env, w);
            WorkflowStub.fromTyped(w).getResult(Void.class);
            WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(id);
            assertThat(history.getEvents()).hasSizeGreaterThan(20);
            Files.createDirectories(HISTORIES);
            Files.writeString(HISTORIES.resolve(file), history.toJson(true) + "\n");
        }
    }
}
