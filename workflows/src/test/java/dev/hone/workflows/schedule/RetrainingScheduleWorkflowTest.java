package dev.hone.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.workflows.common.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
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
 * A schedule's workflow over simulated weeks (time skipped), with fake activities whose runs last a set time: it
 * fires on time and continues as new without losing or doubling a fire; pause, resume, update and trigger take
 * effect; each overlap policy does what it says; missed times are caught up once or skipped; delete ends it.
 */
class RetrainingScheduleWorkflowTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    private TestWorkflowEnvironment env;
    private long start;
    /** Fires that started a run: "CAUSE@hours since start". */
    private final List<String> fires = new CopyOnWriteArrayList<>();
    private final List<String> skips = new CopyOnWriteArrayList<>();
    private final List<Long> cancelled = new CopyOnWriteArrayList<>();
    private final List<String> afterRuns = new CopyOnWriteArrayList<>();
    private final List<ScheduleState> recorded = new CopyOnWriteArrayList<>();
    private final Map<Long, Long> runEnds = new ConcurrentHashMap<>();
    private final AtomicLong runIds = new AtomicLong();
    private volatile long runMillis = Duration.ofMinutes(10).toMillis();

    class FakeActivities implements ScheduleActivities {
        @Override
        public Long nextFire(ScheduleSpec spec, long afterMillis) {
            long interval = spec.intervalSeconds() * 1000;
            return (Math.floorDiv(afterMillis, interval) + 1) * interval;
        }

        @Override
        public Long fire(FireRequest request) {
            fires.add(request.cause() + "@" + hours(request.fireMillis())
                    + (request.driftCheckId() == null ? "" : "#" + request.driftCheckId()));
            long id = runIds.incrementAndGet();
            runEnds.put(id, env.currentTimeMillis() + runMillis);
            return id;
        }

        @Override
        public void skipped(FireRequest request, String reason) {
            skips.add(request.cause() + "@" + hours(request.fireMillis())
                    + (request.driftCheckId() == null ? "" : "#" + request.driftCheckId()) + ": " + reason);
        }

        @Override
        public boolean inFlight(long runId) {
            return env.currentTimeMillis() < runEnds.get(runId);
        }

        @Override
        public void cancelRun(long runId, String reason) {
            cancelled.add(runId);
            runEnds.put(runId, env.currentTimeMillis());
        }

        @Override
        public String afterRun(long scheduleId, long runId) {
            afterRuns.add(runId + "@" + hours(env.currentTimeMillis()));
            return "no rollout";
        }

        @Override
        public void record(long scheduleId, ScheduleState state) {
            recorded.add(state);
        }
    }

    private String hours(long millis) {
        double h = (millis - start) / (double) HOUR;
        String s = String.format(java.util.Locale.ROOT, "%.2f", h);
        // A signal lands a few milliseconds after the sleep that preceded it: whole hours read as such.
        return s.endsWith(".00") ? s.substring(0, s.length() - 3) : s;
    }

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker control = env.newWorker(TaskQueues.CONTROL);
        control.registerWorkflowImplementationTypes(RetrainingScheduleWorkflowImpl.class);
        control.registerActivitiesImplementations(new FakeActivities());
        env.start();
        // Start at a UTC midnight, so that intervals of whole hours fall on whole hours from the start.
        env.sleep(Duration.ofMillis(24 * HOUR - Math.floorMod(env.currentTimeMillis(), 24 * HOUR)));
        start = Math.floorDiv(env.currentTimeMillis(), 24 * HOUR) * 24 * HOUR;
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private static ScheduleSpec every(Duration interval, OverlapPolicy overlap) {
        return new ScheduleSpec(null, interval.toSeconds(), "UTC", overlap, CatchUpPolicy.SKIP_MISSED);
    }

    private RetrainingScheduleWorkflow start(ScheduleRequest request) {
        RetrainingScheduleWorkflow w = env.getWorkflowClient().newWorkflowStub(RetrainingScheduleWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(RetrainingScheduleWorkflow.workflowId(request.scheduleId()))
                        .setTaskQueue(TaskQueues.CONTROL).build());
        WorkflowClient.start(w::run, request);
        return w;
    }

    private RetrainingScheduleWorkflow start(ScheduleSpec spec) {
        return start(new ScheduleRequest(7, spec, false, null, null, false));
    }

    @Test
    void aDailyScheduleFiresOnTimeForThreeWeeks() {
        RetrainingScheduleWorkflow w = start(every(Duration.ofDays(1), OverlapPolicy.SKIP));
        env.sleep(Duration.ofDays(21).plusMinutes(1));
        assertThat(fires).hasSize(21);
        for (int d = 0; d < 21; d++) {
            assertThat(fires.get(d)).isEqualTo("SCHEDULE@" + 24 * (d + 1));
        }
        assertThat(w.state().status()).isEqualTo("ACTIVE");
        assertThat(w.state().nextFireMillis()).isGreaterThan(env.currentTimeMillis());
        assertThat(skips).isEmpty();
    }

    @Test
    void anHourlyScheduleContinuesAsNewWithoutLosingOrDoublingAFire() {
        RetrainingScheduleWorkflow w = start(every(Duration.ofHours(1), OverlapPolicy.SKIP));
        env.sleep(Duration.ofHours(250).plusMinutes(1));
        assertThat(fires).hasSize(250);
        for (int h = 0; h < 250; h++) {
            assertThat(fires.get(h)).isEqualTo("SCHEDULE@" + (h + 1));
        }
        WorkflowExecution current = WorkflowStub.fromTyped(w).getExecution();
        var describe = env.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder().setNamespace(env.getNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(current.getWorkflowId())).build());
        assertThat(describe.getWorkflowExecutionInfo().getHistoryLength()).as("a fresh run after continue-as-new")
                .isLessThan(RetrainingScheduleWorkflowImpl.FIRES_PER_RUN * 35L);
        assertThat(describe.getWorkflowExecutionInfo().getExecution().getRunId())
                .isNotEqualTo(current.getRunId());
    }

    @Test
    void pauseResumeUpdateAndTriggerTakeEffect() {
        RetrainingScheduleWorkflow w = start(every(Duration.ofHours(1), OverlapPolicy.SKIP));
        env.sleep(Duration.ofMinutes(150));
        assertThat(fires).containsExactly("SCHEDULE@1", "SCHEDULE@2");
        w.pause("admin");
        env.sleep(Duration.ofHours(5));
        assertThat(fires).as("paused").hasSize(2);
        assertThat(w.state().status()).isEqualTo("PAUSED");
        assertThat(w.state().nextFireMillis()).isNull();
        w.trigger("scientist");
        env.sleep(Duration.ofMinutes(1));
        assertThat(fires).as("trigger now works while paused").hasSize(3);
        assertThat(fires.get(2)).startsWith("TRIGGER@7.5");
        w.resume("admin");
        env.sleep(Duration.ofMinutes(31));
        assertThat(fires.get(3)).isEqualTo("SCHEDULE@8");
        w.update(every(Duration.ofHours(4), OverlapPolicy.SKIP), "admin");
        env.sleep(Duration.ofHours(9));
        assertThat(fires.subList(4, fires.size())).containsExactly("SCHEDULE@12", "SCHEDULE@16");
        w.delete("admin");
        env.sleep(Duration.ofMinutes(1));
        assertThat(recorded.getLast().status()).isEqualTo("DELETED");
        assertThat(WorkflowStub.fromTyped(w).getResult(Void.class)).isNull();
    }

    @Test
    void aDriftAlarmFiresNowNamingItsCheckUnderTheOverlapPolicyAndNotWhilePaused() {
        RetrainingScheduleWorkflow w = start(every(Duration.ofDays(1), OverlapPolicy.SKIP));
        env.sleep(Duration.ofHours(2));
        w.drift(41, "drift monitor 3");
        env.sleep(Duration.ofMinutes(1));
        assertThat(fires).containsExactly("DRIFT@2#41");
        w.drift(42, "drift monitor 3");
        env.sleep(Duration.ofMinutes(1));
        assertThat(fires).as("the first drift run (10 minutes) is still in flight: skipped").hasSize(1);
        assertThat(skips).hasSize(1);
        assertThat(skips.getFirst()).startsWith("DRIFT@2.02#42: Run 1 was still in flight");
        w.pause("admin");
        env.sleep(Duration.ofHours(1));
        w.drift(43, "drift monitor 3");
        env.sleep(Duration.ofMinutes(1));
        assertThat(fires).hasSize(1);
        assertThat(skips.get(1)).contains("#43").contains("while the schedule was paused");
        w.resume("admin");
        env.sleep(Duration.ofHours(22));
        assertThat(fires).as("the daily time still comes").containsExactly("DRIFT@2#41", "SCHEDULE@24");
    }

    @Test
    void newDataVersionsFireAtMostOncePerMinimumIntervalAndNotWhenTheSpecTakesNone() {
        ScheduleSpec daily = every(Duration.ofDays(1), OverlapPolicy.SKIP);
        RetrainingScheduleWorkflow w = start(new ScheduleSpec(null, daily.intervalSeconds(), "UTC", OverlapPolicy.SKIP,
                CatchUpPolicy.SKIP_MISSED, null, Duration.ofHours(6).toSeconds()));
        env.sleep(Duration.ofHours(1));
        w.newData(2, "scientist");
        env.sleep(Duration.ofMinutes(1));
        assertThat(fires).as("the first new version fires at once").containsExactly("DATA@1");
        env.sleep(Duration.ofHours(1));
        w.newData(3, "scientist");
        env.sleep(Duration.ofHours(1));
        w.newData(4, "scientist");
        env.sleep(Duration.ofHours(3).plusMinutes(30));
        assertThat(fires).as("versions 3 and 4 wait for the interval").hasSize(1);
        env.sleep(Duration.ofMinutes(31));
        assertThat(fires).as("one fire for both, six hours after the first").containsExactly("DATA@1", "DATA@7");
        w.pause("admin");
        w.newData(5, "scientist");
        env.sleep(Duration.ofHours(7));
        assertThat(fires).hasSize(2);
        assertThat(skips.getLast()).startsWith("DATA@").contains("Version 5 of the data set arrived while the schedule "
                + "was paused");
        w.resume("admin");
        w.update(daily, "admin");
        w.newData(6, "scientist");
        env.sleep(Duration.ofHours(7));
        assertThat(fires).as("a spec without the data trigger ignores new versions")
                .containsExactly("DATA@1", "DATA@7");
    }

    @Test
    void aScheduleWithADeploymentFollowsEachRunToItsEndOnce() {
        runMillis = Duration.ofMinutes(30).toMillis();
        RetrainingScheduleWorkflow following = start(new ScheduleSpec(null, 3600L, "UTC", OverlapPolicy.SKIP,
                CatchUpPolicy.SKIP_MISSED, "flowers"));
        env.sleep(Duration.ofHours(3).plusMinutes(1));
        assertThat(fires).containsExactly("SCHEDULE@1", "SCHEDULE@2", "SCHEDULE@3");
        // Runs 1 and 2 ended at 1:30 and 2:30: seen within the time since the fire (the looks grow apart).
        assertThat(afterRuns).hasSize(2);
        assertThat(afterRuns.get(0)).startsWith("1@1.5");
        assertThat(afterRuns.get(1)).startsWith("2@2.5");

        following.delete("admin");
        env.sleep(Duration.ofHours(1));
        afterRuns.clear();
        start(new ScheduleRequest(8, every(Duration.ofHours(1), OverlapPolicy.SKIP), false, null, null, false));
        env.sleep(Duration.ofHours(2));
        assertThat(afterRuns).as("a schedule without a deployment does not follow its runs").isEmpty();
    }

    @Test
    void skipLeavesOutFiresWhileARunIsInFlight() {
        runMillis = Duration.ofMinutes(90).toMillis();
        start(every(Duration.ofHours(1), OverlapPolicy.SKIP));
        env.sleep(Duration.ofHours(6).plusMinutes(1));
        assertThat(fires).containsExactly("SCHEDULE@1", "SCHEDULE@3", "SCHEDULE@5");
        assertThat(skips).hasSize(3).allSatisfy(s -> assertThat(s).contains("was still in flight"));
    }

    @Test
    void bufferOneStartsTheHeldFireWhenTheRunEnds() {
        runMillis = Duration.ofMinutes(140).toMillis();
        start(every(Duration.ofHours(1), OverlapPolicy.BUFFER_ONE));
        env.sleep(Duration.ofHours(6).plusMinutes(1));
        // Run 1 from 1:00 to 3:20; the 2:00 fire waits and starts when it ends (seen within five minutes: the looks
        // at the run grow apart up to five minutes), the 3:00 fire is skipped; run 2 from about 3:20 to 5:40 holds the 4:00 fire
        // and skips the 5:00 one; run 3 holds the 6:00 one.
        assertThat(fires).hasSize(3);
        assertThat(fires.get(0)).isEqualTo("SCHEDULE@1");
        assertThat(fires.get(1)).startsWith("BUFFERED@");
        assertThat(Double.parseDouble(fires.get(1).substring(9))).isBetween(3.33, 3.43); // two decimals of an hour
        assertThat(Double.parseDouble(fires.get(2).substring(9))).isBetween(5.66, 5.86);
        assertThat(skips).hasSize(2).allSatisfy(s -> assertThat(s).contains("already waits"));
    }

    @Test
    void cancelRunningCancelsTheRunInFlightAndStartsAnother() {
        runMillis = Duration.ofMinutes(90).toMillis();
        start(every(Duration.ofHours(1), OverlapPolicy.CANCEL_RUNNING));
        env.sleep(Duration.ofHours(3).plusMinutes(1));
        assertThat(fires).containsExactly("SCHEDULE@1", "SCHEDULE@2", "SCHEDULE@3");
        assertThat(cancelled).containsExactly(1L, 2L);
    }

    @Test
    void missedTimesAreCaughtUpOnceOrSkippedByThePolicy() {
        long lastFire = start - 5 * HOUR - HOUR / 2;
        RetrainingScheduleWorkflow once = start(new ScheduleRequest(8, new ScheduleSpec(null, 3600L, "UTC",
                OverlapPolicy.SKIP, CatchUpPolicy.RUN_ONCE), false, lastFire, null, false));
        env.sleep(Duration.ofMinutes(61));
        assertThat(fires).containsExactly("CATCH_UP@-5", "SCHEDULE@1");
        once.delete("admin");
        env.sleep(Duration.ofSeconds(1));

        fires.clear();
        start(new ScheduleRequest(9, every(Duration.ofHours(1), OverlapPolicy.SKIP), false, lastFire, null, false));
        env.sleep(Duration.ofMinutes(61));
        assertThat(fires).containsExactly("SCHEDULE@2");
        assertThat(skips).singleElement().asString().startsWith("SCHEDULE@-5: Missed while Hone was down");
    }
}
