package dev.hone.workflows.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.StageArtifacts;
import dev.hone.workflows.pipeline.TrainingSettings;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The study workflow: trial budget, parallelism limit, failed trials, best result. */
class TuningWorkflowTest {

    private static final StageArtifacts DATA = new StageArtifacts("CLASSIFICATION", "a", "b", "c", "d", "e",
            List.of("x", "y"), 4, List.of(10, 2, 2));

    private TestWorkflowEnvironment env;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> runsPerTrial = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    class FakeTuning implements TuningActivities {
        @Override
        public long createStudy(TuningRequest request) {
            calls.add("create");
            return 77;
        }

        @Override
        public TrialProposal propose(long studyId, int number) {
            calls.add("propose " + number);
            return new TrialProposal(number, new TrainingSettings(null, null, null, null, 0.001 * (number + 1), null,
                    null, null));
        }

        @Override
        public void trialFailed(long studyId, int number, String error) {
            calls.add("failed " + number + ": " + error);
        }

        @Override
        public TuningResult finish(long studyId) {
            calls.add("finish");
            return new TuningResult(studyId, 2, 0.1, new TrainingSettings(null, null, null, null, 0.003, null, null,
                    null), 4, 0, 1);
        }
    }

    class FakeTrials implements TrialActivities {
        @Override
        public TrialOutcome runTrial(TrialRequest request) {
            runsPerTrial.computeIfAbsent(request.number(), n -> new AtomicInteger()).incrementAndGet();
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            if (request.number() == 3) {
                throw ApplicationFailure.newNonRetryableFailure("diverged", "INVALID_INPUT");
            }
            return new TrialOutcome(request.number(), "COMPLETED", 1.0 / (request.number() + 1), 5);
        }
    }

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker control = env.newWorker(TaskQueues.CONTROL);
        control.registerWorkflowImplementationTypes(TuningWorkflowImpl.class);
        control.registerActivitiesImplementations(new FakeTuning());
        Worker cpu = env.newWorker(TaskQueues.CPU);
        cpu.registerActivitiesImplementations(new FakeTrials());
        env.start();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private TuningResult study(int trials, int parallelism) {
        TuningWorkflow workflow = env.getWorkflowClient().newWorkflowStub(TuningWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId("study-test").build());
        TuningSpec spec = new TuningSpec("RANDOM", "NONE", "validation_loss", "MINIMIZE", trials, parallelism, 3, 1, 3,
                List.of(new ParameterDef("learningRate", "FLOAT", 1e-4, 1e-1, true, null, null, null, null)));
        return workflow.run(new TuningRequest(1, DATA, TrainingSettings.defaults(), spec, 42, "CPU"));
    }

    @Test
    void runsEveryTrialOnceWithinTheParallelismLimit() {
        TuningResult result = study(6, 2);

        assertThat(result.studyId()).isEqualTo(77);
        assertThat(runsPerTrial).hasSize(6);
        assertThat(runsPerTrial.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(maxRunning.get()).isEqualTo(2);
        assertThat(calls.get(0)).isEqualTo("create");
        assertThat(calls.get(calls.size() - 1)).isEqualTo("finish");
        assertThat(calls).filteredOn(c -> c.startsWith("propose")).hasSize(6);
    }

    @Test
    void aFailedTrialIsRecordedAndTheStudyGoesOn() {
        TuningResult result = study(5, 1);

        assertThat(calls).contains("failed 3: diverged");
        assertThat(runsPerTrial).containsKeys(0, 1, 2, 3, 4);
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(result.bestSettings().learningRate()).isEqualTo(0.003);
    }
}
