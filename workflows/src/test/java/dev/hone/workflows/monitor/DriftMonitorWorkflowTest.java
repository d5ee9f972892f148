package dev.hone.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.schedule.RetrainingScheduleWorkflow;
import dev.hone.workflows.schedule.ScheduleSpec;
import dev.hone.workflows.schedule.ScheduleState;
import dev.hone.workflows.schedule.ScheduleRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A drift monitor's workflow over simulated days (time skipped), with fake checks whose verdict depends on the
 * time: an alarm needs its run of breaching checks, inconclusive checks neither count nor break the run, a cool-down
 * holds across continue-as-new, pause and check-now take effect, and the alarm reaches the schedule's workflow as a
 * drift signal naming the check (or is noted as lost when the schedule has no workflow).
 */
class DriftMonitorWorkflowTest {

    private static final long MINUTE = 60_000;

    private TestWorkflowEnvironment env;
    private long start;
    private final AtomicLong checkIds = new AtomicLong();
    /** Checks made: "minutes since start:VERDICT". */
    private final List<String> checks = new CopyOnWriteArrayList<>();
    /** Notes on breaching checks: "check id:alarm:note". */
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<MonitorState> recorded = new CopyOnWriteArrayList<>();
    /** Drift signals the fake schedule received: "check id@minutes". */
    static final List<String> DRIFTS = new CopyOnWriteArrayList<>();
    /** The verdict of a check at so many minutes since the start. */
    private volatile LongFunction<DriftVerdict> verdict = m -> DriftVerdict.WITHIN;

    class FakeActivities implements MonitorActivities {
        @Override
        public DriftCheck check(long monitorId, long atMillis) {
            long minutes = (atMillis - start) / MINUTE;
            DriftVerdict v = verdict.apply(minutes);
            checks.add(minutes + ":" + v);
            return new DriftCheck(checkIds.incrementAndGet(), v, v.name());
        }

        @Override
        public void noteAlarm(long checkId, boolean alarm, String note) {
            notes.add(checkId + ":" + alarm + ":" + note);
        }

        @Override
        public void record(long monitorId, MonitorState state) {
            recorded.add(state);
        }
    }

    /** A schedule's workflow that only takes drift signals, until deleted. */
    public static class FakeSchedule implements RetrainingScheduleWorkflow {
        private boolean deleted;

        @Override
        public void run(ScheduleRequest request) {
            Workflow.await(() -> deleted);
        }

        @Override
        public ScheduleState state() {
            return null;
        }

        @Override
        public void pause(String by) {
        }

        @Override
        public void resume(String by) {
        }

        @Override
        public void update(ScheduleSpec spec, String by) {
        }

        @Override
        public void trigger(String by) {
        }

        @Override
        public void drift(long driftCheckId, String by) {
            DRIFTS.add(driftCheckId + "@" + Workflow.currentTimeMillis() / MINUTE);
        }

        @Override
        public void newData(int datasetVersion, String by) {
        }

        @Override
        public void delete(String by) {
            deleted = true;
        }
    }

    @BeforeEach
    void setUp() {
        DRIFTS.clear();
        env = TestWorkflowEnvironment.newInstance();
        Worker control = env.newWorker(TaskQueues.CONTROL);
        control.registerWorkflowImplementationTypes(DriftMonitorWorkflowImpl.class, FakeSchedule.class);
        control.registerActivitiesImplementations(new FakeActivities());
        env.start();
        env.sleep(Duration.ofMillis(MINUTE - Math.floorMod(env.currentTimeMillis(), MINUTE)));
        start = env.currentTimeMillis();
        RetrainingScheduleWorkflow schedule = env.getWorkflowClient().newWorkflowStub(RetrainingScheduleWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(RetrainingScheduleWorkflow.workflowId(5))
                        .setTaskQueue(TaskQueues.CONTROL).build());
        WorkflowClient.start(schedule::run, new ScheduleRequest(5, null, false, null, null, false));
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private DriftMonitorWorkflow start(MonitorSpec spec) {
        DriftMonitorWorkflow w = env.getWorkflowClient().newWorkflowStub(DriftMonitorWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(DriftMonitorWorkflow.workflowId(3))
                        .setTaskQueue(TaskQueues.CONTROL).build());
        WorkflowClient.start(w::run, new MonitorRequest(3, spec, false, 0, null));
        return w;
    }

    private long minutesNow() {
        return (env.currentTimeMillis() - start) / MINUTE;
    }

    @Test
    void anAlarmNeedsItsRunOfBreachesAndWaitsOutTheCoolDown() {
        // Checks every 5 minutes; the traffic shifts at minute 60 and stays shifted.
        verdict = m -> m >= 60 ? DriftVerdict.BREACHED : DriftVerdict.WITHIN;
        start(new MonitorSpec(5, 300, 3, Duration.ofHours(6).toSeconds()));
        env.sleep(Duration.ofMinutes(66));
        assertThat(DRIFTS).as("two breaching checks (60, 65) are not yet three").isEmpty();
        env.sleep(Duration.ofMinutes(5));
        assertThat(checks).contains("70:BREACHED");
        assertThat(DRIFTS).hasSize(1);
        long alarmMinute = Long.parseLong(DRIFTS.getFirst().split("@")[1]) - start / MINUTE;
        assertThat(alarmMinute).isEqualTo(70);
        assertThat(notes.getFirst()).contains(":true:").contains("3 checks in a row");
        // Three more breaches (75, 80, 85): cool-down, noted, no second alarm for six hours.
        env.sleep(Duration.ofHours(5));
        assertThat(DRIFTS).hasSize(1);
        assertThat(notes.get(1)).contains(":false:").contains("cool-down");
        env.sleep(Duration.ofHours(1).plusMinutes(6));
        assertThat(DRIFTS).as("a second alarm once the cool-down is over").hasSize(2);
        assertThat(Long.parseLong(DRIFTS.get(1).split("@")[1]) - start / MINUTE).isEqualTo(70 + 360);
    }

    @Test
    void inconclusiveChecksNeitherCountNorBreakTheRunButACleanCheckDoes() {
        // Minutes 5..60: B I B I B -> alarm at the third breach (minute 25) ...
        List<DriftVerdict> script = List.of(DriftVerdict.BREACHED, DriftVerdict.INCONCLUSIVE, DriftVerdict.BREACHED,
                DriftVerdict.INCONCLUSIVE, DriftVerdict.BREACHED,
                // ... then B B W B B: broken by the clean check, no second alarm (and no cool-down note).
                DriftVerdict.BREACHED, DriftVerdict.BREACHED, DriftVerdict.WITHIN, DriftVerdict.BREACHED,
                DriftVerdict.BREACHED);
        verdict = m -> m / 5 - 1 < script.size() ? script.get((int) (m / 5 - 1)) : DriftVerdict.WITHIN;
        start(new MonitorSpec(5, 300, 3, 60));
        env.sleep(Duration.ofMinutes(61));
        assertThat(checks).hasSize(12);
        assertThat(DRIFTS).hasSize(1);
        assertThat(Long.parseLong(DRIFTS.getFirst().split("@")[1]) - start / MINUTE).isEqualTo(25);
        assertThat(notes).hasSize(1);
    }

    @Test
    void pauseStopsChecksCheckNowWorksAndDeleteEnds() {
        DriftMonitorWorkflow w = start(new MonitorSpec(5, 600, 1, 0));
        env.sleep(Duration.ofMinutes(21));
        assertThat(checks).containsExactly("10:WITHIN", "20:WITHIN");
        w.pause("admin");
        env.sleep(Duration.ofHours(2));
        assertThat(checks).as("paused").hasSize(2);
        assertThat(w.state().status()).isEqualTo("PAUSED");
        assertThat(w.state().nextCheckMillis()).isNull();
        verdict = m -> DriftVerdict.BREACHED;
        w.checkNow("admin");
        env.sleep(Duration.ofSeconds(5));
        assertThat(checks).hasSize(3);
        assertThat(DRIFTS).as("one breach is enough under a debounce of 1").hasSize(1);
        w.resume("admin");
        env.sleep(Duration.ofMinutes(11));
        assertThat(checks).hasSize(4);
        w.update(new MonitorSpec(5, 3600, 1, 0), "admin");
        env.sleep(Duration.ofMinutes(59));
        assertThat(checks).as("the new interval counts from the update").hasSize(4);
        env.sleep(Duration.ofMinutes(2));
        assertThat(checks).hasSize(5);
        w.delete("admin");
        env.sleep(Duration.ofMinutes(1));
        assertThat(recorded.getLast().status()).isEqualTo("DELETED");
        assertThat(WorkflowStub.fromTyped(w).getResult(Void.class)).isNull();
    }

    @Test
    void theCoolDownHoldsAcrossContinueAsNew() {
        // A check a minute; breaching from the start; a day's cool-down: one alarm in the first day, whatever the
        // continue-as-new after 500 checks forgets.
        verdict = m -> DriftVerdict.BREACHED;
        DriftMonitorWorkflow w = start(new MonitorSpec(5, 60, 2, Duration.ofDays(1).toSeconds()));
        env.sleep(Duration.ofHours(20));
        assertThat(checks.size()).isGreaterThan(DriftMonitorWorkflowImpl.CHECKS_PER_RUN + 100);
        assertThat(DRIFTS).hasSize(1);
        WorkflowExecution current = WorkflowStub.fromTyped(w).getExecution();
        var describe = env.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder().setNamespace(env.getNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(current.getWorkflowId())).build());
        assertThat(describe.getWorkflowExecutionInfo().getExecution().getRunId()).as("continued as new")
                .isNotEqualTo(current.getRunId());
        env.sleep(Duration.ofHours(4).plusMinutes(5));
        assertThat(DRIFTS).hasSize(2);
    }

    @Test
    void anAlarmForAScheduleWithoutAWorkflowIsNotedNotLost() {
        verdict = m -> DriftVerdict.BREACHED;
        DriftMonitorWorkflow w = env.getWorkflowClient().newWorkflowStub(DriftMonitorWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(DriftMonitorWorkflow.workflowId(4))
                        .setTaskQueue(TaskQueues.CONTROL).build());
        WorkflowClient.start(w::run, new MonitorRequest(4, new MonitorSpec(99, 60, 1, 0), false, 0, null));
        env.sleep(Duration.ofMinutes(1).plusSeconds(5));
        assertThat(DRIFTS).isEmpty();
        assertThat(notes).hasSize(1);
        assertThat(notes.getFirst()).contains(":false:").contains("schedule 99 has no running workflow");
        assertThat(w.state().status()).as("the monitor goes on").isEqualTo("ACTIVE");
        assertThat(minutesNow()).isEqualTo(1);
    }
}
