package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.hone.activities.common.WorkerDrain;
import dev.hone.activities.pipeline.TrainingJob;
import dev.hone.activities.tuning.TrialActivitiesImpl;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.preprocess.Splitter;
import dev.hone.registry.common.Json;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.registry.tuning.Study;
import dev.hone.registry.tuning.StudyService;
import dev.hone.registry.tuning.Trial;
import dev.hone.runs.TrainingConfigs;
import dev.hone.vocabulary.Direction;
import dev.hone.vocabulary.Pruner;
import dev.hone.vocabulary.Sampler;
import dev.hone.workflows.pipeline.StageArtifacts;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.TrialActivities;
import dev.hone.workflows.tuning.TrialOutcome;
import dev.hone.workflows.tuning.TrialRequest;
import dev.hone.workflows.tuning.TuningSpec;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trial activity on the real database: it stops itself by its study's rule from the curves the
 * study's other trials stored, records where it stopped, and when its study ends while it trains,
 * ends with the refusal instead of training on.
 */
@QuarkusTest
class TrialEarlyStoppingTest {

    private static final ActivityOptions ONE_TRY = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build();
    /** Many short epochs: a trial that is not stopped trains far longer than the test waits. */
    private static final TrainingSettings LONG = new TrainingSettings(List.of(8), null, null, null, 0.01, null, 128,
            5000, 5000, null, null, null, null);

    @Inject
    TrialActivitiesImpl trials;
    @Inject
    RunService runs;
    @Inject
    StudyService studies;
    @Inject
    TrainingJob job;

    private static StageArtifacts data;
    private static long datasetVersion;
    private final List<Long> created = Collections.synchronizedList(new ArrayList<>());
    private TestWorkflowEnvironment env;

    /** Runs one trial as its study would: an activity with its real attempt number. */
    @WorkflowInterface
    public interface OneTrial {
        @WorkflowMethod
        TrialOutcome run(TrialRequest request);
    }

    public static class OneTrialImpl implements OneTrial {
        private final TrialActivities trials = Workflow.newActivityStub(TrialActivities.class, ONE_TRY);

        @Override
        public TrialOutcome run(TrialRequest request) {
            return trials.runTrial(request);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Api.ensureUsers();
        if (data == null) {
            // The splits of a real run, for the trials to train on.
            String dataset = Api.unique("iris-trial-stop");
            assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
            long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                    Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", Api.unique("stop"),
                            "training", Map.of("maxEpochs", 2)))).getLong("data.startRun.id");
            assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");
            data = Json.read(runs.stageOutput(runId, "PREPROCESS").orElseThrow(), StageArtifacts.class);
            datasetVersion = runs.get(runId).datasetVersionId;
        }
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker("trial-test");
        worker.registerWorkflowImplementationTypes(OneTrialImpl.class);
        worker.registerActivitiesImplementations(trials);
        env.start();
    }

    @AfterEach
    void tearDown() {
        env.close();
        created.forEach(id -> runs.ended(id, null, RunStatus.INTERRUPTED, "test over"));
    }

    /** A study of a run in flight (workflow {@code run-<id>}, TUNE stage), minimising validation loss. */
    private Study study(String pruner) {
        return study(pruner, null);
    }

    private Study study(String pruner, Integer folds) {
        Study study = StudiesInFlight.create(runs, studies, datasetVersion, s -> {
            s.pruner = pruner;
            s.maxTrials = 4;
            s.specJson = Json.write(new TuningSpec(Sampler.RANDOM, Pruner.of(pruner), "validation_loss",
                    Direction.MINIMIZE, 4, 1, 3, 1, 3, List.of()));
            s.folds = folds;
        });
        created.add(study.runId);
        return study;
    }

    private TrialOutcome runTrial(TrialRequest request) {
        return env.getWorkflowClient().newWorkflowStub(OneTrial.class, WorkflowOptions.newBuilder()
                .setTaskQueue("trial-test").build()).run(request);
    }

    @Test
    void aTrialWorseThanTheMedianOfTheStoredCurvesStopsItselfAndRecordsWhere() {
        Study study = study("MEDIAN");
        // Three trials that reached a loss of 0.01 after each of five epochs, far below what trial 3 reaches.
        for (int n = 0; n < 3; n++) {
            studies.propose(study.id, n, "{}", "{}");
            studies.startAttempt(study.id, n, 1, "mlops-cpu@other");
            studies.recordCurve(study.id, n, 1, List.of(0.01, 0.01, 0.01, 0.01, 0.01), "mlops-cpu@other");
            studies.finishTrial(study.id, n, 1, "COMPLETED", 0.01, null);
        }
        studies.propose(study.id, 3, "{}", Json.write(LONG));

        TrialOutcome outcome = runTrial(new TrialRequest(study.id, 3, data, LONG, 7));

        // The median rule's warm-up is one epoch; at epoch 2 the trial is far worse than the median.
        assertThat(outcome.status()).isEqualTo("PRUNED");
        assertThat(outcome.epochs()).isEqualTo(2);
        Trial stored = studies.trial(study.id, 3).orElseThrow();
        assertThat(stored.status).isEqualTo("PRUNED");
        assertThat(StudyService.intermediate(stored)).hasSize(2);
        assertThat(stored.value).isEqualTo(StudyService.intermediate(stored).get(1));
    }

    @Test
    void aTrialWhoseStudyEndsWhileItTrainsEndsWithTheRefusalInsteadOfTrainingOn() throws Exception {
        Study study = study("MEDIAN");
        studies.propose(study.id, 0, "{}", Json.write(LONG));
        Run run = runs.get(study.runId);

        CompletableFuture<TrialOutcome> training = CompletableFuture.supplyAsync(() ->
                runTrial(new TrialRequest(study.id, 0, data, LONG, 7)));
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (StudyService.intermediate(studies.trial(study.id, 0).orElseThrow()).size() < 3) {
            assertThat(System.nanoTime()).as("trial 0 stores its epochs").isLessThan(deadline);
            Thread.sleep(20);
        }
        runs.ended(run.id, run.workflowId, RunStatus.CANCELLED, "Cancelled by request during TUNE");

        Throwable failure = catchThrowableOfType(Exception.class, () -> training.get(1, TimeUnit.MINUTES));
        assertThat(failure).as("the trial ends, it does not train on").isNotNull();
        assertThat(failure.getCause()).isInstanceOf(WorkflowFailedException.class);
        ApplicationFailure refusal = (ApplicationFailure) failure.getCause().getCause().getCause();
        assertThat(refusal.getType()).isEqualTo("ENDED");
        assertThat(refusal.isNonRetryable()).isTrue();
        assertThat(refusal.getOriginalMessage()).contains("Study " + study.id + " has ended (CANCELLED)");
        Trial stored = studies.trial(study.id, 0).orElseThrow();
        assertThat(stored.status).isEqualTo("CANCELLED");
        assertThat(StudyService.intermediate(stored).size()).isLessThan(LONG.maxEpochs());
    }
    @Test
    void aTrialOnSmallDataIsScoredByFiveFoldCrossValidationOfTheTrainingAndValidationRows() {
        assertThat(TrainingJob.folds(data.rows().get(0), data.rows().get(1))).isEqualTo(5);
        Study study = study("NONE", 5);
        TrainingSettings quick = new TrainingSettings(List.of(8), null, null, null, 0.01, null, 32, 6, 6, null, null, null, null);
        studies.propose(study.id, 0, "{}", Json.write(quick));

        TrialOutcome outcome = runTrial(new TrialRequest(study.id, 0, data, quick, 7));

        // The same five trainings, done here: folds of train + validation dealt by the study's seed.
        MlpConfig config = TrainingConfigs.config(quick, 7).validate();
        TrainingJob.Pooled pooled = job.pooled(data, config);
        assertThat(pooled.x().length).isEqualTo(data.rows().get(0) + data.rows().get(1));
        int[] folds = Splitter.folds(pooled.classes(), pooled.x().length, TrainingJob.FOLDS, study.seed);
        double[] values = new double[TrainingJob.FOLDS];
        for (int f = 0; f < values.length; f++) {
            TrainingJob.Outcome fold = TrainingJob.trainFold(pooled, folds, f, config, m -> { });
            values[f] = fold.metrics(fold.best()).get("validation_loss");
        }
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        Trial stored = studies.trial(study.id, 0).orElseThrow();
        assertThat(outcome.status()).isEqualTo("COMPLETED");
        assertThat(stored.value).isCloseTo(mean, within(1e-6));
        // Five folds that differ, so the mean is not fold 0's value by construction (it may still land near it by
        // chance: the study's seed differs per run).
        assertThat(java.util.Arrays.stream(values).anyMatch(v -> Math.abs(v - values[0]) > 1e-4)).isTrue();
        // The curve stored (and judged by early stopping) is fold 0's.
        assertThat(StudyService.intermediate(stored).stream().mapToDouble(Double::doubleValue).min().orElseThrow())
                .isCloseTo(values[0], within(1e-6));
    }

    @Test
    void aTrialWhoseStudyEndsWhileALaterFoldTrainsEndsWithTheRefusalWithoutTrainingTheOtherFolds() throws Exception {
        Study study = study("NONE", 5);
        // No early stop: every fold trains all its epochs, several seconds each.
        TrainingSettings slow = new TrainingSettings(List.of(8), null, null, null, 0.01, null, 32, 3000, 3000, null, null, null, null);
        studies.propose(study.id, 0, "{}", Json.write(slow));
        Run run = runs.get(study.runId);

        long start = System.nanoTime();
        CompletableFuture<TrialOutcome> training = CompletableFuture.supplyAsync(() ->
                runTrial(new TrialRequest(study.id, 0, data, slow, 7)));
        double foldSeconds = awaitLaterFold(study.id, start);
        assertThat(training).as("a fold after fold 0 trains").isNotDone();
        runs.ended(run.id, run.workflowId, RunStatus.CANCELLED, "Cancelled by request during TUNE");
        long cancelled = System.nanoTime();

        Throwable failure = catchThrowableOfType(Exception.class, () -> training.get(2, TimeUnit.MINUTES));
        double endSeconds = (System.nanoTime() - cancelled) / 1e9;
        ApplicationFailure refusal = (ApplicationFailure) failure.getCause().getCause().getCause();
        assertThat(refusal.getType()).isEqualTo("ENDED");
        assertThat(refusal.getOriginalMessage()).contains("Study " + study.id + " has ended (CANCELLED)");
        // The three folds left would take three times fold 0's time; the trial stops within the fold it is in.
        assertThat(endSeconds).as("seconds from the cancel to the trial's end; a fold took %.1f s", foldSeconds)
                .isLessThan(foldSeconds);
        assertThat(studies.trial(study.id, 0).orElseThrow().status).isEqualTo("CANCELLED");
    }
    @Test
    void aStoppingWorkerHandsBackATrialInALaterFoldWithoutFinishingIt() throws Exception {
        Study study = study("NONE", 5);
        TrainingSettings slow = new TrainingSettings(List.of(8), null, null, null, 0.01, null, 32, 3000, 3000, null, null, null, null);
        studies.propose(study.id, 0, "{}", Json.write(slow));
        // A worker of its own, whose stop (what SIGTERM starts) does not touch the other tests' workers.
        WorkerDrain ownDrain = new WorkerDrain();
        TestWorkflowEnvironment own = TestWorkflowEnvironment.newInstance();
        try {
            Worker worker = own.newWorker("trial-drain-test");
            worker.registerWorkflowImplementationTypes(OneTrialImpl.class);
            worker.registerActivitiesImplementations(new TrialActivitiesImpl(studies, job, ownDrain));
            own.start();
            long start = System.nanoTime();
            CompletableFuture<TrialOutcome> training = CompletableFuture.supplyAsync(() -> own.getWorkflowClient()
                    .newWorkflowStub(OneTrial.class, WorkflowOptions.newBuilder().setTaskQueue("trial-drain-test").build())
                    .run(new TrialRequest(study.id, 0, data, slow, 7)));
            double foldSeconds = awaitLaterFold(study.id, start);
            assertThat(training).as("a fold after fold 0 trains").isNotDone();
            ownDrain.begin();
            long stopping = System.nanoTime();

            Throwable failure = catchThrowableOfType(Exception.class, () -> training.get(2, TimeUnit.MINUTES));
            double endSeconds = (System.nanoTime() - stopping) / 1e9;
            ApplicationFailure handedBack = (ApplicationFailure) failure.getCause().getCause().getCause();
            assertThat(handedBack.getType()).isEqualTo("WORKER_STOPPING");
            assertThat(handedBack.isNonRetryable()).as("another worker retries it").isFalse();
            assertThat(endSeconds).as("seconds from the stop to the hand-back; a fold took %.1f s", foldSeconds)
                    .isLessThan(foldSeconds);
            // Not finished: the trial stays RUNNING for the next attempt, which starts again from fold 0.
            Trial stored = studies.trial(study.id, 0).orElseThrow();
            assertThat(stored.status).isEqualTo("RUNNING");
            assertThat(stored.value).isNull();
        } finally {
            own.close();
        }
    }

    /**
     * Waits until trial 0 of a 3000-epoch study trains a fold after fold 0: fold 0 stores its curve as it
     * goes (every 250 ms), and from its pace this waits until fold 0 is surely over. Returns fold 0's seconds.
     */
    private double awaitLaterFold(long studyId, long start) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (StudyService.intermediate(studies.trial(studyId, 0).orElseThrow()).size() < 2000) {
            assertThat(System.nanoTime()).as("fold 0 stores its epochs").isLessThan(deadline);
            Thread.sleep(20);
        }
        double foldSeconds = (System.nanoTime() - start) / 1e9 * 3000 / 2000;
        Thread.sleep((long) (foldSeconds * 1000 / 2) + 500);
        return foldSeconds;
    }
}
