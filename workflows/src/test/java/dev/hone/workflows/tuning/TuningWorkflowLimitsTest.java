package dev.hone.workflows.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.vocabulary.Activation;
import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.Optimizer;
import dev.hone.vocabulary.ParameterType;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.StageArtifacts;
import dev.hone.workflows.pipeline.TrainingSettings;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A study of 1,000 trials of 200 epochs each stays within what a real Temporal server allows one
 * workflow run: 2,000 updates in total (10 in flight), 51,200 history events and 50 MB of history.
 * The in-process test server does not enforce these limits, so this test counts them in the
 * recorded histories of every run of the study.
 *
 * <p>The trials are simulated: each trains a curve that falls towards its own floor, stores every
 * epoch's value in a shared store (the registry's role) and decides itself by the median rule over
 * the stored curves of the other trials (the activities' {@code EarlyStopping} applies {@code ml}'s
 * rule the same way; {@code EarlyStoppingTest} checks that with the real rule). What this test
 * proves is that such a study puts no per-epoch traffic on its workflow, and that what the
 * workflow does record stays bounded.
 */
class TuningWorkflowLimitsTest {

    private static final Logger LOG = LoggerFactory.getLogger(TuningWorkflowLimitsTest.class);

    /** Temporal's default limits per workflow run (history.maxTotalUpdates, limit.historyCount.error, limit.historySize.error). */
    static final int MAX_UPDATES = 2_000;
    static final int MAX_EVENTS = 51_200;
    static final long MAX_HISTORY_BYTES = 50L * 1024 * 1024;

    static final int TRIALS = 1_000;
    static final int EPOCHS = 200;
    static final int WARMUP = 5;
    static final int MIN_OTHERS = 3;

    private static final String SHA = "sha256:" + "0123456789abcdef".repeat(4);
    private static final StageArtifacts DATA = new StageArtifacts(Task.CLASSIFICATION, SHA, SHA, SHA, SHA, SHA,
            List.of("setosa", "versicolor", "virginica"), 4, List.of(105, 22, 23), null);

    private TestWorkflowEnvironment env;
    private final SimulatedStudy study = new SimulatedStudy(TRIALS, new Random(42));

    /** The trials' stored curves (the registry's part) and the median rule over them. */
    static final class SimulatedStudy {
        final double[] floors;
        /** Best value so far of each trial after each epoch it stored. */
        private final double[][] bests;
        private final int[] reached;
        final Map<Integer, String> outcomes = new ConcurrentHashMap<>();
        final Map<Integer, Integer> runs = new ConcurrentHashMap<>();

        SimulatedStudy(int trials, Random random) {
            floors = new double[trials];
            for (int i = 0; i < trials; i++) {
                floors[i] = 0.1 + 0.9 * random.nextDouble();
            }
            bests = new double[trials][EPOCHS];
            reached = new int[trials];
        }

        /** Validation loss after {@code epoch}, falling from 2 towards the trial's floor. */
        double loss(int number, int epoch) {
            return floors[number] + (2.0 - floors[number]) * Math.exp(-epoch / 30.0);
        }

        /** Stores the trial's value for {@code epoch} and says whether the median rule stops it there. */
        synchronized boolean storeAndDecide(int number, int epoch, double value) {
            double best = epoch == 1 ? value : Math.min(bests[number][epoch - 2], value);
            bests[number][epoch - 1] = best;
            reached[number] = epoch;
            if (epoch <= WARMUP) {
                return false;
            }
            List<Double> others = new ArrayList<>();
            for (int n = 0; n < reached.length; n++) {
                if (n != number && reached[n] >= epoch) {
                    others.add(bests[n][epoch - 1]);
                }
            }
            if (others.size() < MIN_OTHERS) {
                return false;
            }
            others.sort(null);
            int k = others.size();
            double median = k % 2 == 1 ? others.get(k / 2) : 0.5 * (others.get(k / 2 - 1) + others.get(k / 2));
            return median < best;
        }

        long count(String status) {
            return outcomes.values().stream().filter(status::equals).count();
        }
    }

    class Tuning implements TuningActivities {
        @Override
        public long createStudy(TuningRequest request) {
            return 5;
        }

        @Override
        public TrialProposal propose(long studyId, int number) {
            return new TrialProposal(number, new TrainingSettings(List.of(64, 32), Activation.RELU, 0.1, 1e-4,
                    1e-4 * (1 + number % 100), Optimizer.ADAM, 32, EPOCHS, 10, null, null, null, null));
        }

        @Override
        public void trialFailed(long studyId, int number, String error) {
            throw new IllegalStateException("no trial fails in this study, but " + number + " did: " + error);
        }

        @Override
        public TuningResult finish(long studyId) {
            return new TuningResult(studyId, 0, 0.0, TrainingSettings.defaults(), (int) study.count("COMPLETED"),
                    (int) study.count("PRUNED"), 0);
        }
    }

    class Trials implements TrialActivities {
        @Override
        public TrialOutcome runTrial(TrialRequest request) {
            int number = request.number();
            study.runs.merge(number, 1, Integer::sum);
            double value = Double.NaN;
            for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                value = study.loss(number, epoch);
                if (study.storeAndDecide(number, epoch, value)) {
                    study.outcomes.put(number, "PRUNED");
                    return new TrialOutcome(number, "PRUNED", value, epoch);
                }
            }
            study.outcomes.put(number, "COMPLETED");
            return new TrialOutcome(number, "COMPLETED", value, EPOCHS);
        }
    }

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker control = env.newWorker(TaskQueues.CONTROL);
        control.registerWorkflowImplementationTypes(TuningWorkflowImpl.class);
        control.registerActivitiesImplementations(new Tuning());
        env.newWorker(TaskQueues.CPU).registerActivitiesImplementations(new Trials());
        env.start();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    @Test
    void aStudyOfAThousandTrialsOfTwoHundredEpochsStaysWithinTheServersLimits() {
        TuningSpec spec = new TuningSpec(Sampler.TPE, Pruner.MEDIAN, "validation_loss", Direction.MINIMIZE, TRIALS, 16, 3, WARMUP, 3,
                List.of(new ParameterDef("learningRate", ParameterType.FLOAT, 1e-4, 1e-1, true, null, null, null, null)));
        WorkflowClient client = env.getWorkflowClient();
        TuningWorkflow workflow = client.newWorkflowStub(TuningWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.CONTROL).setWorkflowId("large-study-tuning").build());

        long started = System.nanoTime();
        TuningResult result = workflow.run(new TuningRequest(1, DATA, TrainingSettings.defaults(), spec, 7, Device.CPU));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        // Every trial ran once, and early stopping stopped a large share of them.
        assertThat(study.runs).hasSize(TRIALS);
        assertThat(study.runs.values()).containsOnly(1);
        assertThat(result.completed() + result.pruned()).isEqualTo(TRIALS);
        assertThat(result.pruned()).as("trials stopped early").isGreaterThan(TRIALS / 3);
        int bestTrial = 0;
        for (int n = 1; n < TRIALS; n++) {
            bestTrial = study.floors[n] < study.floors[bestTrial] ? n : bestTrial;
        }
        assertThat(study.outcomes.get(bestTrial)).as("the best trial trains to the end").isEqualTo("COMPLETED");
        // The study's progress query counts the trials that stopped themselves, across all its runs.
        TuningState state = workflow.state();
        assertThat(state.started()).isEqualTo(TRIALS);
        assertThat(state.finished()).isEqualTo(TRIALS);
        assertThat(state.running()).isZero();
        assertThat(state.stopped()).isEqualTo(result.pruned());

        List<WorkflowExecutionHistory> runs = runsOf(client, "large-study-tuning");
        assertThat(runs).as("runs of the study").hasSize(TRIALS / TuningWorkflowImpl.TRIALS_PER_RUN);
        for (int i = 0; i < runs.size(); i++) {
            List<HistoryEvent> events = runs.get(i).getEvents();
            long updates = events.stream().filter(e -> e.getEventType().name().contains("UPDATE")).count();
            long bytes = runs.get(i).getHistory().getSerializedSize();
            LOG.info("Study run {}: {} events, {} bytes, {} update events", i + 1, events.size(), bytes, updates);
            assertThat(updates).as("update events").isZero().isLessThanOrEqualTo(MAX_UPDATES);
            assertThat(events.size()).as("history events").isLessThan(MAX_EVENTS / 4);
            assertThat(bytes).as("history bytes").isLessThan(MAX_HISTORY_BYTES / 20);
        }
        LOG.info("{} trials x {} epochs: {} completed, {} stopped early, {} runs, {} s", TRIALS, EPOCHS,
                result.completed(), result.pruned(), runs.size(), seconds);
    }

    /** Every run of a study, first to last, following the chain of continue-as-new. */
    static List<WorkflowExecutionHistory> runsOf(WorkflowClient client, String workflowId) {
        List<WorkflowExecutionHistory> runs = new ArrayList<>();
        WorkflowExecutionHistory run = client.fetchHistory(workflowId);
        while (true) {
            runs.add(0, run);
            HistoryEvent first = run.getEvents().get(0);
            assertThat(first.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
            String previous = first.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
            if (previous.isEmpty()) {
                return runs;
            }
            run = client.fetchHistory(workflowId, previous);
        }
    }
}
