package dev.hone.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.schedule.CatchUpPolicy;
import dev.hone.workflows.schedule.FireRequest;
import dev.hone.workflows.schedule.OverlapPolicy;
import dev.hone.workflows.schedule.RetrainingScheduleWorkflow;
import dev.hone.workflows.schedule.RetrainingScheduleWorkflowImpl;
import dev.hone.workflows.schedule.ScheduleActivities;
import dev.hone.workflows.schedule.ScheduleRequest;
import dev.hone.workflows.schedule.ScheduleSpec;
import dev.hone.workflows.schedule.ScheduleState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loop from served traffic to a canary, with time skipped over simulated days: a monitor and a schedule (the
 * real workflows) with activities that simulate what they stand for. Served inputs shift at a known time; the
 * monitor's checks see the shift once it fills enough of their window, alarm after their run of breaches, and the
 * schedule's DRIFT run ends in a canary when its version passes the gate, or leaves production alone when it fails.
 */
class DriftToCanaryWorkflowTest {

    private static final long MINUTE = 60_000;

    private TestWorkflowEnvironment env;
    private long start;
    /** When the served inputs start to shift (ms since start), and whether retrained versions pass their gate. */
    private volatile long onset = Long.MAX_VALUE;
    private volatile boolean gatePasses = true;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Long> runEnds = new ConcurrentHashMap<>();
    private final Map<Long, Long> runOfCheck = new ConcurrentHashMap<>();
    private final List<String> fires = new CopyOnWriteArrayList<>();
    /** What followed each run: "canary v<run>" or "production untouched". */
    private final List<String> followUps = new CopyOnWriteArrayList<>();
    private final List<Long> alarms = new CopyOnWriteArrayList<>();

    /** The check reads a 60-minute window: it breaches once shifted rows are a third of it (PSI above 0.25). */
    class Monitor implements MonitorActivities {
        @Override
        public DriftCheck check(long monitorId, long atMillis) {
            long shiftedMinutes = Math.max(0, Math.min(60, (atMillis - start - onset) / MINUTE));
            DriftVerdict v = shiftedMinutes >= 20 ? DriftVerdict.BREACHED : DriftVerdict.WITHIN;
            return new DriftCheck(ids.incrementAndGet(), v, shiftedMinutes + " of 60 minutes shifted");
        }

        @Override
        public void noteAlarm(long checkId, boolean alarm, String note) {
            if (alarm) {
                alarms.add(checkId);
            }
        }

        @Override
        public void record(long monitorId, MonitorState state) {
        }
    }

    /** Runs last 40 minutes; a run's version passes its gate or not, as set when it starts. */
    class Schedule implements ScheduleActivities {
        private final Map<Long, Boolean> passes = new ConcurrentHashMap<>();

        @Override
        public Long nextFire(ScheduleSpec spec, long afterMillis) {
            return null; // fires only when told: no time of its own
        }

        @Override
        public Long fire(FireRequest request) {
            long run = ids.incrementAndGet();
            fires.add(request.cause() + "#" + request.driftCheckId());
            runEnds.put(run, env.currentTimeMillis() + 40 * MINUTE);
            passes.put(run, gatePasses);
            runOfCheck.put(request.driftCheckId(), run);
            return run;
        }

        @Override
        public void skipped(FireRequest request, String reason) {
        }

        @Override
        public boolean inFlight(long runId) {
            return env.currentTimeMillis() < runEnds.get(runId);
        }

        @Override
        public void cancelRun(long runId, String reason) {
        }

        @Override
        public String afterRun(long scheduleId, long runId) {
            String what = passes.get(runId) ? "canary v" + runId : "production untouched";
            followUps.add(what);
            return what;
        }

        @Override
        public void record(long scheduleId, ScheduleState state) {
        }
    }

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker control = env.newWorker(TaskQueues.CONTROL);
        control.registerWorkflowImplementationTypes(DriftMonitorWorkflowImpl.class,
                RetrainingScheduleWorkflowImpl.class);
        control.registerActivitiesImplementations(new Monitor(), new Schedule());
        env.start();
        start = env.currentTimeMillis();
        RetrainingScheduleWorkflow schedule = env.getWorkflowClient().newWorkflowStub(RetrainingScheduleWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(RetrainingScheduleWorkflow.workflowId(1))
                        .setTaskQueue(TaskQueues.CONTROL).build());
        WorkflowClient.start(schedule::run, new ScheduleRequest(1, new ScheduleSpec("0 2 1 1 *", null, "UTC",
                OverlapPolicy.SKIP, CatchUpPolicy.SKIP_MISSED, "flowers"), false, null, null, false));
        DriftMonitorWorkflow monitor = env.getWorkflowClient().newWorkflowStub(DriftMonitorWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(DriftMonitorWorkflow.workflowId(2))
                        .setTaskQueue(TaskQueues.CONTROL).build());
        // A check every 5 minutes, 3 breaches in a row, a 12-hour cool-down.
        WorkflowClient.start(monitor::run, new MonitorRequest(2, new MonitorSpec(1, 300, 3,
                Duration.ofHours(12).toSeconds()), false, 0, null));
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    @Test
    void aShiftInServedInputsEndsInACanaryWhenTheRetrainedVersionPassesItsGate() {
        env.sleep(Duration.ofDays(2));
        assertThat(fires).as("two quiet days: no retraining").isEmpty();
        onset = env.currentTimeMillis() - start;
        env.sleep(Duration.ofMinutes(29));
        assertThat(alarms).as("20 shifted minutes make the first breach, at minute 20 or 25").isEmpty();
        env.sleep(Duration.ofMinutes(6));
        assertThat(alarms).as("the third breach in a row, 10 minutes after the first").hasSize(1);
        assertThat(fires).containsExactly("DRIFT#" + alarms.getFirst());
        env.sleep(Duration.ofMinutes(45));
        assertThat(followUps).containsExactly("canary v" + runOfCheck.get(alarms.getFirst()));
        env.sleep(Duration.ofHours(10));
        assertThat(alarms).as("the shift goes on, but the cool-down holds").hasSize(1);
    }

    @Test
    void aRetrainingThatFailsItsGateLeavesProductionUntouched() {
        gatePasses = false;
        onset = 0;
        env.sleep(Duration.ofHours(2));
        assertThat(fires).hasSize(1);
        assertThat(followUps).containsExactly("production untouched");
    }
}
