package dev.hone.workflows.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hone.errors.ErrorCode;
import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.ParameterType;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.StageArtifacts;
import dev.hone.workflows.pipeline.TrainingSettings;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The study workflow: trial budget, parallelism limit, failed trials, best result. */
class TuningWorkflowTest {

    private static final StageArtifacts DATA = new StageArtifacts(Task.CLASSIFICATION, "a", "b", "c", "d", "e",
            List.of("x", "y"), 4, List.of(10, 2, 2), null);

    private TestWorkflowEnvironment env;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<Integer, AtomicInteger> runsPerTrial = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final Map<Integer, Integer> epochsTrained = new ConcurrentHashMap<>();
    private final List<String> refusedReports = new CopyOnWriteArrayList<>();
    private volatile boolean deciding;
    /** Trials train until they learn that their study is gone. */
    private volatile boolean endless;
    private final CountDownLatch trialsTraining = new CountDownLatch(2);
    private final CountDownLatch trialsStopped = new CountDownLatch(2);

    class FakeTuning implements TuningActivities {
        @Override
        public long createStudy(TuningRequest request) {
            calls.add("create");
            return 77;
        }

        @Override
        public TrialProposal propose(long studyId, int number) {
            calls.add("propose " + number);
            return new TrialProposal(number, new TrainingSettings(null, null, null, null, 0.001 * (number + 1), null, null,
                    null, null, null, null, null, null));
        }

        @Override
        public void trialFailed(long studyId, int number, String error) {
            calls.add("failed " + number + ": " + error);
        }

        @Override
        public TuningResult finish(long studyId) {
            calls.add("finish");
            return new TuningResult(studyId, 2, 0.1, new TrainingSettings(null, null, null, null, 0.003, null, null, null,
                    null, null, null, null, null), 4, 0, 1);
        }
    }

    class FakeTrials implements TrialActivities {
        @Override
        public TrialOutcome runTrial(TrialRequest request) {
            if (endless) {
                return trainUntilStopped();
            }
            if (deciding) {
                return decideEachEpoch(request);
            }
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
                throw ApplicationFailure.newNonRetryableFailure("diverged", ErrorCode.INVALID_INPUT.name());
            }
            return new TrialOutcome(request.number(), "COMPLETED", 1.0 / (request.number() + 1), 5);
        }

        private TrialOutcome trainUntilStopped() {
            var ctx = Activity.getExecutionContext();
            trialsTraining.countDown();
            try {
                while (true) {
                    ctx.heartbeat(null);
                    Thread.sleep(100);
                }
            } catch (ActivityCompletionException e) {
                trialsStopped.countDown();
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Activity.wrap(e);
            }
        }

        /**
         * Trial n's curve is 0.2 n at each of 5 epochs; from epoch 2 on, a trial above 0.5 stops itself
         * (the rule the real trials apply to the stored curves). Each trial also tries the first
         * release's report, which the study must refuse.
         */
        private TrialOutcome decideEachEpoch(TrialRequest request) {
            var ctx = Activity.getExecutionContext();
            TuningWorkflow study = ctx.getWorkflowClient().newWorkflowStub(TuningWorkflow.class,
                    ctx.getInfo().getWorkflowId());
            try {
                study.report(new TrialReport(request.number(), 1, 1, 0.0));
            } catch (WorkflowUpdateException e) {
                refusedReports.add(e.getCause() instanceof ApplicationFailure app ? app.getOriginalMessage()
                        : String.valueOf(e.getCause()));
            }
            double value = 0.2 * request.number();
            for (int epoch = 1; epoch <= 5; epoch++) {
                epochsTrained.merge(request.number(), 1, Integer::sum);
                if (epoch >= 2 && value > 0.5) {
                    return new TrialOutcome(request.number(), "PRUNED", value, epoch);
                }
            }
            return new TrialOutcome(request.number(), "COMPLETED", value, 5);
        }
    }

    @BeforeEach
    void setUp() {
        startEnvironment(TestWorkflowEnvironment.newInstance());
    }

    private void startEnvironment(TestWorkflowEnvironment environment) {
        env = environment;
        Worker control = env.newWorker(TaskQueues.CONTROL);
        control.registerWorkflowImplementationTypes(TuningWorkflowImpl.class);
        control.registerActivitiesImplementations(new FakeTuning());
        Worker cpu = env.newWorker(TaskQueues.CPU, WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(100)).build());
        cpu.registerActivitiesImplementations(new FakeTrials());
        env.start();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private TuningResult study(int trials, int parallelism) {
        return study(trials, parallelism, Pruner.NONE);
    }

    private TuningResult study(int trials, int parallelism, Pruner pruner) {
        return newStudy().run(request(trials, parallelism, pruner));
    }

    private TuningWorkflow newStudy() {
        return env.getWorkflowClient().newWorkflowStub(TuningWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId("study-test").build());
    }

    private static TuningRequest request(int trials, int parallelism, Pruner pruner) {
        return request(trials, parallelism, pruner, 0);
    }

    private static TuningRequest request(int trials, int parallelism, Pruner pruner, int trialsPerRun) {
        TuningSpec spec = new TuningSpec(Sampler.RANDOM, pruner, "validation_loss", Direction.MINIMIZE, trials, parallelism, 3, 1, 3,
                List.of(new ParameterDef("learningRate", ParameterType.FLOAT, 1e-4, 1e-1, true, null, null, null, null)));
        return new TuningRequest(1, DATA, TrainingSettings.defaults(), spec, 42, Device.CPU, null, trialsPerRun);
    }

    /**
     * A cancelled study ends at once: it abandons its running trials instead of asking the workflow
     * service to cancel them (which the in-process service can get stuck on), and the trials stop
     * as soon as they find their study gone.
     */
    @Test
    void aCancelledStudyEndsAtOnceAndItsTrialsStopByThemselves() throws Exception {
        env.close();
        // Real time: trials learn of the end from their heartbeats.
        startEnvironment(TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false).build()));
        endless = true;
        TuningWorkflow workflow = newStudy();
        WorkflowClient.start(workflow::run, request(4, 2, Pruner.NONE));
        assertThat(trialsTraining.await(10, TimeUnit.SECONDS)).isTrue();

        WorkflowStub study = WorkflowStub.fromTyped(workflow);
        study.cancel();

        WorkflowFailedException failure = catchThrowableOfType(WorkflowFailedException.class,
                () -> study.getResult(5, TimeUnit.SECONDS, TuningResult.class));
        assertThat(failure).isNotNull();
        assertThat(failure.getCause()).isInstanceOf(CanceledFailure.class);
        assertThat(calls).doesNotContain("finish");
        assertThat(trialsStopped.await(10, TimeUnit.SECONDS)).as("the abandoned trials stop").isTrue();
        assertThat(env.getWorkflowClient().fetchHistory("study-test").getEvents())
                .extracting(HistoryEvent::getEventType)
                .doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
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

    /**
     * Trials stop themselves; the study takes no per-epoch traffic (no update, no decision of its own
     * in its history) and counts the stopped trials from their outcomes.
     */
    @Test
    void trialsStopThemselvesAndTheStudyCountsThem() {
        deciding = true;
        TuningWorkflow workflow = newStudy();
        workflow.run(request(5, 1, Pruner.MEDIAN));

        // 0.6 and 0.8 are above the rule's line: stopped at epoch 2, they train no further.
        assertThat(epochsTrained).containsExactlyInAnyOrderEntriesOf(Map.of(0, 5, 1, 5, 2, 5, 3, 2, 4, 2));
        assertThat(workflow.state()).isEqualTo(new TuningState(77, 5, 5, 0, 5, 2));
        // Reports of the first release are refused, with the reason, and leave no trace in the history.
        assertThat(refusedReports).hasSize(5).allSatisfy(m -> assertThat(m)
                .contains("Trials of study 77 decide early stopping themselves"));
        List<HistoryEvent> events = env.getWorkflowClient().fetchHistory("study-test").getEvents();
        assertThat(events).extracting(HistoryEvent::getEventType)
                .doesNotContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED,
                        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
                        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
        assertThat(events).filteredOn(HistoryEvent::hasMarkerRecordedEventAttributes)
                .extracting(e -> e.getMarkerRecordedEventAttributes().getMarkerName())
                .doesNotContain("LocalActivity");
    }

    /**
     * After its share of trials a run lets its running trials finish and continues as new; the next
     * run goes on with the next trial number and the counts so far, and the study's result and query
     * are those of the whole study.
     */
    @Test
    void aStudyContinuesAsNewAfterItsShareOfTrialsAndCarriesItsCounts() {
        deciding = true;
        TuningWorkflow workflow = newStudy();
        TuningResult result = workflow.run(request(5, 2, Pruner.MEDIAN, 2));

        assertThat(result.studyId()).isEqualTo(77);
        assertThat(epochsTrained).containsExactlyInAnyOrderEntriesOf(Map.of(0, 5, 1, 5, 2, 5, 3, 2, 4, 2));
        assertThat(calls).filteredOn(c -> c.startsWith("propose")).containsExactly("propose 0", "propose 1",
                "propose 2", "propose 3", "propose 4");
        assertThat(calls).filteredOn("create"::equals).hasSize(1);
        assertThat(calls).filteredOn("finish"::equals).hasSize(1);
        assertThat(workflow.state()).isEqualTo(new TuningState(77, 5, 5, 0, 5, 2));
        List<io.temporal.common.WorkflowExecutionHistory> runs =
                TuningWorkflowLimitsTest.runsOf(env.getWorkflowClient(), "study-test");
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0).getLastEvent().getEventType())
                .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
        assertThat(runs.get(2).getLastEvent().getEventType())
                .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    }
}
