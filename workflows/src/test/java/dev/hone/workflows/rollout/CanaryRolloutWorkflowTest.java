package dev.hone.workflows.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.workflows.common.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout's steps and decisions with scripted analyses (time skipped): it raises the share step
 * by step and promotes; a failed analysis rolls back at once; too few requests wait, then roll back;
 * promotion waits for an approver when asked; pause holds the step; abort and cancel roll back.
 */
class CanaryRolloutWorkflowTest {

    private static final List<RolloutStep> STEPS = List.of(new RolloutStep(5, 60), new RolloutStep(25, 60),
            new RolloutStep(50, 60), new RolloutStep(100, 60));
    private static final Analysis PASS = new Analysis(true, true, List.of(), 100, 1900, 0, 0, 1, 1, 0.01);
    private static final Analysis FEW = new Analysis(false, false, List.of("the canary answered 3 requests; the "
            + "analysis needs 50"), 3, 40, 0, 0, 1, 1, 0);
    private static final Analysis ERRORS = new Analysis(false, true, List.of("error rate 9.00% against the stable "
            + "version's 0.00% (at most 1.00 points more)"), 100, 1900, 0.09, 0, 1, 1, 0.01);

    private TestWorkflowEnvironment env;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Deque<Analysis> analyses = new ArrayDeque<>();
    private final List<RolloutState> recorded = new CopyOnWriteArrayList<>();
    private volatile double refuseShare = -1;

    class FakeActivities implements RolloutActivities {
        @Override
        public void setShare(String deployment, int canaryVersion, double percent, boolean sticky, String user) {
            if (percent == refuseShare) {
                throw ApplicationFailure.newNonRetryableFailure("Version 2 of model 'flowers' was REJECTED by approver",
                        "INVALID_INPUT");
            }
            calls.add("share " + (int) percent);
        }

        @Override
        public Analysis analyse(AnalyseRequest request) {
            calls.add("analyse");
            synchronized (analyses) {
                return analyses.isEmpty() ? PASS : analyses.poll();
            }
        }

        @Override
        public void promote(String deployment, long canaryVersionId, String user) {
            calls.add("promote");
        }

        @Override
        public void rollBack(String deployment, long canaryVersionId, String user) {
            calls.add("roll back");
        }

        @Override
        public void record(long rolloutId, RolloutState state) {
            recorded.add(state);
        }
    }

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker control = env.newWorker(TaskQueues.CONTROL);
        control.registerWorkflowImplementationTypes(CanaryRolloutWorkflowImpl.class);
        control.registerActivitiesImplementations(new FakeActivities());
        env.start();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private CanaryRolloutWorkflow workflow(String id) {
        return env.getWorkflowClient().newWorkflowStub(CanaryRolloutWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.CONTROL).build());
    }

    private static RolloutRequest request(boolean approval) {
        return new RolloutRequest(7, "flowers", 2, 12, 11, false, STEPS,
                new RolloutPolicy(0.01, 1.5, 0.25, 50, 2, approval, 0.02, 0.1, 20, 0.25), "scientist");
    }

    private void script(Analysis... next) {
        synchronized (analyses) {
            analyses.addAll(List.of(next));
        }
    }

    @Test
    void everyStepPassingRaisesTheShareAndPromotes() {
        RolloutState end = workflow("all-pass").run(request(false));
        assertThat(end.status()).isEqualTo("PROMOTED");
        assertThat(end.reason()).isEqualTo("Every step passed its analysis");
        assertThat(calls).containsExactly("share 5", "analyse", "share 25", "analyse", "share 50", "analyse",
                "share 100", "analyse", "promote");
        assertThat(end.steps()).hasSize(4).allSatisfy(s -> assertThat(s.analysis().passed()).isTrue());
        assertThat(recorded.get(recorded.size() - 1).status()).isEqualTo("PROMOTED");
    }

    @Test
    void aFailedAnalysisRollsBackAtOnceAndSaysWhy() {
        script(PASS, ERRORS);
        RolloutState end = workflow("fails").run(request(false));
        assertThat(end.status()).isEqualTo("ROLLED_BACK");
        assertThat(end.reason()).isEqualTo("Step 2 at 25%: " + ERRORS.reasons().get(0));
        assertThat(end.percent()).isZero();
        assertThat(calls).containsExactly("share 5", "analyse", "share 25", "analyse", "roll back");
    }

    @Test
    void tooFewRequestsWaitAnotherPauseThenRollBack() {
        script(FEW, PASS, FEW, FEW, FEW);
        RolloutState end = workflow("few").run(request(false));
        assertThat(end.status()).isEqualTo("ROLLED_BACK");
        assertThat(end.reason()).startsWith("Step 2 at 25%: the canary answered 3 requests");
        assertThat(calls).containsExactly("share 5", "analyse", "analyse", "share 25", "analyse", "analyse",
                "analyse", "roll back");
    }

    @Test
    void promotionWaitsForAnApproverWhenThePolicyAsks() throws Exception {
        CanaryRolloutWorkflow w = workflow("approval");
        WorkflowClient.start(w::run, request(true));
        env.sleep(Duration.ofMinutes(5));
        awaitStatus(w, "AWAITING_APPROVAL");
        assertThat(calls).doesNotContain("promote");
        w.promote("approver");
        RolloutState end = WorkflowStub.fromTyped(w).getResult(RolloutState.class);
        assertThat(end.status()).isEqualTo("PROMOTED");
        assertThat(end.reason()).isEqualTo("Promoted by approver");
        assertThat(calls).endsWith("share 100", "analyse", "promote");
    }

    @Test
    void pauseHoldsTheStepAndAbortRollsBack() throws Exception {
        CanaryRolloutWorkflow w = workflow("paused");
        WorkflowClient.start(w::run, request(false));
        w.pause("scientist");
        awaitStatus(w, "PAUSED");
        env.sleep(Duration.ofHours(2));
        assertThat(calls).as("no analysis while paused").containsExactly("share 5");
        w.resume("scientist");
        env.sleep(Duration.ofSeconds(61));
        awaitAnalyses(1);
        w.abort("approver", "latency alarms");
        RolloutState end = WorkflowStub.fromTyped(w).getResult(RolloutState.class);
        assertThat(end.status()).isEqualTo("ABORTED");
        assertThat(end.reason()).isEqualTo("Aborted by approver: latency alarms");
        assertThat(calls).last().isEqualTo("roll back");
    }

    @Test
    void promotingEarlySkipsTheRemainingSteps() {
        CanaryRolloutWorkflow w = workflow("early");
        WorkflowClient.start(w::run, request(true));
        w.promote("approver");
        RolloutState end = WorkflowStub.fromTyped(w).getResult(RolloutState.class);
        assertThat(end.status()).isEqualTo("PROMOTED");
        assertThat(end.reason()).isEqualTo("Promoted by approver at step 1");
        assertThat(calls).containsExactly("share 5", "promote");
    }

    @Test
    void aStepTheRegistryRefusesEndsTheRolloutFailedAndRolledBack() {
        refuseShare = 50;
        RolloutState end = workflow("refused").run(request(false));
        assertThat(end.status()).isEqualTo("FAILED");
        assertThat(end.reason()).isEqualTo("Step 3 failed: Version 2 of model 'flowers' was REJECTED by approver");
        assertThat(calls).containsExactly("share 5", "analyse", "share 25", "analyse", "roll back");
    }

    @Test
    void cancellingTheWorkflowRollsBack() throws Exception {
        CanaryRolloutWorkflow w = workflow("cancelled");
        WorkflowClient.start(w::run, request(false));
        awaitStatus(w, "RUNNING");
        // Cancelled during the first step's pause, after its share was set. (A cancel while that call is still in
        // flight rolls back at once, since the embedded workflow service cannot wait on the cancelled call; the
        // activities make a share that comes after the roll-back a no-op, see the activities' RolloutActivitiesTest.)
        for (int i = 0; i < 200 && !calls.contains("share 5"); i++) {
            Thread.sleep(25);
        }
        assertThat(calls).contains("share 5");
        WorkflowStub.fromTyped(w).cancel();
        assertThatThrownBy(() -> WorkflowStub.fromTyped(w).getResult(RolloutState.class))
                .isInstanceOf(WorkflowFailedException.class);
        assertThat(calls).last().isEqualTo("roll back");
        assertThat(recorded.get(recorded.size() - 1).status()).isEqualTo("ABORTED");
        assertThat(recorded.get(recorded.size() - 1).reason()).isEqualTo("The rollout's workflow was cancelled");
    }

    private static void awaitStatus(CanaryRolloutWorkflow w, String status) throws InterruptedException {
        for (int i = 0; i < 200 && !status.equals(w.state().status()); i++) {
            Thread.sleep(25);
        }
        assertThat(w.state().status()).isEqualTo(status);
    }

    private void awaitAnalyses(int n) throws InterruptedException {
        for (int i = 0; i < 400 && calls.stream().filter("analyse"::equals).count() < n; i++) {
            Thread.sleep(25);
        }
        assertThat(calls.stream().filter("analyse"::equals).count()).isGreaterThanOrEqualTo(n);
    }
}
