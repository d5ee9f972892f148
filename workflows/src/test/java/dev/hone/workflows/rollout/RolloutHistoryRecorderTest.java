package dev.hone.workflows.rollout;

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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the rollout histories that {@link CanaryRolloutWorkflowReplayTest} replays. It does not
 * run in the normal build. To re-record, from the repository root:
 *
 * <pre>
 * ./mvnw -B -pl workflows test -Dtest=RolloutHistoryRecorderTest -Dhone.recordHistories=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "hone.recordHistories", matches = "true")
class RolloutHistoryRecorderTest {

    private static final Path HISTORIES =
            Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "histories");
    static final List<RolloutStep> STEPS = List.of(new RolloutStep(5, 60), new RolloutStep(50, 60),
            new RolloutStep(100, 60));

    /** Scripted analyses; everything else does nothing. */
    static final class Scripted implements RolloutActivities {
        private final Deque<Analysis> analyses;
        private double refuseShare = -1;

        Scripted(Analysis... analyses) {
            this.analyses = new ArrayDeque<>(List.of(analyses));
        }

        Scripted refusing(double percent) {
            refuseShare = percent;
            return this;
        }

        @Override
        public void setShare(String deployment, int canaryVersion, double percent, boolean sticky, String user) {
            if (percent == refuseShare) {
                throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
                        "Version 2 of model 'flowers' was REJECTED by approver", "INVALID_INPUT");
            }
        }

        @Override
        public synchronized Analysis analyse(AnalyseRequest request) {
            return analyses.isEmpty() ? new Analysis(true, true, List.of(), 100, 100, 0, 0, 1, 1, 0) : analyses.poll();
        }

        @Override
        public void promote(String deployment, long canaryVersionId, String user) {
        }

        @Override
        public void rollBack(String deployment, long canaryVersionId, String user) {
        }

        @Override
        public void record(long rolloutId, RolloutState state) {
        }
    }

    /** Paused and resumed in its first step, one inconclusive analysis, then promoted by an approver. */
    @Test
    void recordPausedWaitedAndApproved() throws Exception {
        record("rollout-paused-approved.json", new Scripted(new Analysis(false, false, List.of("too few"), 3, 40, 0,
                0, 1, 1, 0)), (env, w) -> {
                    w.pause("scientist");
                    env.sleep(Duration.ofMinutes(10));
                    w.resume("scientist");
                    env.sleep(Duration.ofMinutes(10));
                    w.promote("approver");
                }, true);
    }

    /** A failed analysis in the second step. */
    @Test
    void recordRolledBack() throws Exception {
        record("rollout-rolled-back.json", new Scripted(new Analysis(true, true, List.of(), 60, 900, 0, 0, 1, 1, 0),
                new Analysis(false, true, List.of("error rate 9.00% against the stable version's 0.00% (at most 1.00 "
                        + "points more)"), 100, 100, 0.09, 0, 1, 1, 0)), (env, w) -> { }, false);
    }

    /** Aborted by a signal during its first step. */
    @Test
    void recordAborted() throws Exception {
        record("rollout-aborted.json", new Scripted(), (env, w) -> {
            env.sleep(Duration.ofSeconds(30));
            w.abort("approver", "latency alarms");
        }, true);
    }

    /** The registry refuses the second step's share (the canary was rejected meanwhile). */
    @Test
    void recordRefusedStep() throws Exception {
        record("rollout-refused-step.json", new Scripted().refusing(50), (env, w) -> { }, false);
    }

    interface Steer {
        void run(TestWorkflowEnvironment env, CanaryRolloutWorkflow workflow) throws Exception;
    }

    private static void record(String file, RolloutActivities activities, Steer steer, boolean approval)
            throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setIdentity("hone-history-recorder").build())
                .build())) {
            Worker control = env.newWorker(TaskQueues.CONTROL);
            control.registerWorkflowImplementationTypes(CanaryRolloutWorkflowImpl.class);
            control.registerActivitiesImplementations(activities);
            env.start();
            String id = "rollout-flowers-recorded";
            CanaryRolloutWorkflow w = env.getWorkflowClient().newWorkflowStub(CanaryRolloutWorkflow.class,
                    WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.CONTROL).build());
            WorkflowClient.start(w::run, new RolloutRequest(7, "flowers", 2, 12, 11, false, STEPS,
                    new RolloutPolicy(0.01, 1.5, 0.25, 50, 3, approval, 0.02, 0.1, 20, 0.25), "scientist"));
            steer.run(env, w);
            RolloutState end = WorkflowStub.fromTyped(w).getResult(RolloutState.class);
            assertThat(end.status()).isIn("PROMOTED", "ROLLED_BACK", "ABORTED", "FAILED");
            WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(id);
            Files.createDirectories(HISTORIES);
            Files.writeString(HISTORIES.resolve(file), history.toJson(true) + "\n");
        }
    }
}
