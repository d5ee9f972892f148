package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.EndedException;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.model.ModelVersionStatus;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.registry.tuning.Study;
import dev.hone.registry.tuning.StudyService;
import dev.hone.registry.tuning.Trial;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's side of a consistent end, whatever the order in which a cancel, a crash, a stop
 * and the run's own work reach the database: a run's end ends its stage, study, trials and version
 * in one transaction, and work that outlived its run, study or attempt cannot write any more.
 */
@QuarkusTest
class RunEndingsTest {

    @Inject
    RunService runs;
    @Inject
    StudyService studies;
    @Inject
    ModelRegistryService registry;
    @Inject
    DatasetService datasets;
    @Inject
    ArtifactStore store;

    private String dataset;
    private final List<Long> created = new ArrayList<>();

    @BeforeEach
    void data() {
        Api.ensureUsers();
        dataset = Api.unique("iris-endings");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
    }

    /** Runs a test left in flight (they have no workflow) end here, so that nothing else meets them. */
    @AfterEach
    void endRuns() {
        created.forEach(id -> runs.ended(id, null, RunStatus.INTERRUPTED, "test over"));
    }

    /** A run of attempt 1 in flight in workflow {@code run-<id>}, in its TUNE stage, with a study and a running trial. */
    private Run runWithStudy() {
        Study study = StudiesInFlight.create(runs, studies, datasets.version(dataset, null).id, s -> { });
        created.add(study.runId);
        studies.propose(study.id, 0, "{}", "{}");
        studies.startAttempt(study.id, 0, 1, "mlops-cpu@1@test");
        studies.recordCurve(study.id, 0, 1, List.of(0.9, 0.8), "mlops-cpu@1@test");
        return runs.get(study.runId);
    }

    private ModelVersion register(Run run) {
        String sha = store.put(("weights of run " + run.id).getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                .sha256();
        return registry.register(new ModelRegistryService.NewVersion(run.modelName, "CLASSIFICATION", "FLOAT_MLP", "{}",
                "{}", "{}", "[]", "[]", run.id, run.datasetVersionId, sha, sha, java.util.List.of(), SCIENTIST, null),
                run.workflowId);
    }

    @Test
    void aCancelledRunEndsItsStudyTrialsAndStageAndWithdrawsItsVersion() {
        Run run = runWithStudy();
        ModelVersion version = register(run);
        assertThat(version.status).as("not served before its run succeeds").isEqualTo(ModelVersionStatus.PENDING);

        runs.ended(run.id, run.workflowId, RunStatus.CANCELLED, "Cancelled by request during TUNE");

        Study study = studies.forRun(run.id).orElseThrow();
        assertThat(study.status).isEqualTo("CANCELLED");
        assertThat(studies.trials(study.id)).extracting(t -> t.status).containsExactly("CANCELLED");
        assertThat(runs.stagesOf(List.of(run.id)).get(run.id)).extracting(s -> s.status).containsExactly("CANCELLED");
        assertThat(registry.versionById(version.id).status).isEqualTo(ModelVersionStatus.WITHDRAWN);
    }

    @Test
    void trialWritesIntoAnEndedStudyAreRefusedAndNothingIsStored() {
        Run run = runWithStudy();
        long studyId = studies.forRun(run.id).orElseThrow().id;
        runs.ended(run.id, run.workflowId, RunStatus.INTERRUPTED, "Hone stopped");

        assertThatThrownBy(() -> studies.recordCurve(studyId, 0, 1, List.of(0.9, 0.8, 0.7), "mlops-cpu@1@test"))
                .isInstanceOf(EndedException.class).hasMessageContaining("INTERRUPTED");
        assertThatThrownBy(() -> studies.finishTrial(studyId, 0, 1, "COMPLETED", 0.7, null))
                .isInstanceOf(EndedException.class);
        assertThatThrownBy(() -> studies.finish(studyId)).isInstanceOf(EndedException.class);
        Trial trial = studies.trial(studyId, 0).orElseThrow();
        assertThat(trial.status).isEqualTo("INTERRUPTED");
        assertThat(StudyService.intermediate(trial)).containsExactly(0.9, 0.8);
        assertThat(trial.value).isNull();
    }

    @Test
    void anAttemptOfATrialThatWasTakenOverCannotWriteIt() {
        Run run = runWithStudy();
        long studyId = studies.forRun(run.id).orElseThrow().id;
        studies.startAttempt(studyId, 0, 2, "mlops-cpu@2@test");

        assertThatThrownBy(() -> studies.recordCurve(studyId, 0, 1, List.of(0.9, 0.8, 0.7), "mlops-cpu@1@test"))
                .isInstanceOf(EndedException.class).hasMessageContaining("attempt 2");
        assertThatThrownBy(() -> studies.startAttempt(studyId, 0, 1, "mlops-cpu@1@test"))
                .isInstanceOf(EndedException.class);
        Trial trial = studies.finishTrial(studyId, 0, 2, "COMPLETED", 0.5, null);
        assertThat(trial.worker).isEqualTo("mlops-cpu@2@test");
        assertThat(StudyService.intermediate(trial)).isEmpty();
    }

    @Test
    void whicheverOfCancelAndSuccessReachesTheDatabaseFirstDecidesTheEnd() {
        Run cancelledFirst = runWithStudy();
        ModelVersion pending = register(cancelledFirst);
        runs.requestCancel(cancelledFirst.id);
        assertThat(runs.succeeded(cancelledFirst.id, cancelledFirst.workflowId, pending.id, "{}")).isFalse();
        assertThat(registry.versionById(pending.id).status).isEqualTo(ModelVersionStatus.PENDING);
        runs.ended(cancelledFirst.id, cancelledFirst.workflowId, RunStatus.CANCELLED, "Cancelled by request");
        assertThat(registry.versionById(pending.id).status).isEqualTo(ModelVersionStatus.WITHDRAWN);

        Run succeededFirst = runWithStudy();
        studies.finishTrial(studies.forRun(succeededFirst.id).orElseThrow().id, 0, 1, "COMPLETED", 0.5, null);
        studies.finish(studies.forRun(succeededFirst.id).orElseThrow().id);
        ModelVersion ready = register(succeededFirst);
        assertThat(runs.succeeded(succeededFirst.id, succeededFirst.workflowId, ready.id, "{}")).isTrue();
        assertThat(registry.versionById(ready.id).status).isEqualTo(ModelVersionStatus.READY);
        assertThatThrownBy(() -> runs.requestCancel(succeededFirst.id)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("already ended with status SUCCEEDED");
        runs.ended(succeededFirst.id, succeededFirst.workflowId, RunStatus.CANCELLED, "late");
        assertThat(runs.get(succeededFirst.id).status).as("the first end wins").isEqualTo(RunStatus.SUCCEEDED);
        assertThat(registry.versionById(ready.id).status).isEqualTo(ModelVersionStatus.READY);
    }

    @Test
    void workOfAnEndedOrSupersededAttemptCannotWriteIntoTheRun() {
        Run run = runWithStudy();
        String firstAttempt = run.workflowId;
        runs.ended(run.id, firstAttempt, RunStatus.INTERRUPTED, "Hone stopped");
        assertThatThrownBy(() -> runs.stageProgress(run.id, firstAttempt, "TUNE", 0.5, "late", null))
                .isInstanceOf(EndedException.class);
        assertThatThrownBy(() -> register(runs.get(run.id))).isInstanceOf(EndedException.class);

        runs.prepareRestart(run.id, "tester");
        runs.setWorkflowId(run.id, "run-" + run.id + "-attempt2");
        assertThatThrownBy(() -> runs.stageStarted(run.id, firstAttempt, "TRAIN"))
                .isInstanceOf(EndedException.class).hasMessageContaining("attempt 2");
        assertThatThrownBy(() -> runs.saveStageOutput(run.id, firstAttempt, "TUNE", "{}"))
                .isInstanceOf(EndedException.class);
        assertThat(runs.stagesOf(List.of(run.id))).doesNotContainKey(run.id);
    }

    @Test
    void theSweepOfAStoppedServerEndsEverythingInFlight() {
        Run running = runWithStudy();
        ModelVersion pending = register(running);
        Run cancelRequested = runWithStudy();
        runs.requestCancel(cancelRequested.id);

        runs.interruptInFlight("Hone was stopped");

        assertThat(runs.get(running.id).status).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(runs.get(running.id).error).isEqualTo("Hone was stopped (during TUNE)");
        assertThat(registry.versionById(pending.id).status).isEqualTo(ModelVersionStatus.WITHDRAWN);
        assertThat(studies.forRun(running.id).orElseThrow().status).isEqualTo("INTERRUPTED");
        assertThat(studies.trials(studies.forRun(running.id).orElseThrow().id)).extracting(t -> t.status)
                .containsExactly("INTERRUPTED");
        assertThat(runs.get(cancelRequested.id).status).as("the user's cancel is honoured").isEqualTo(RunStatus.CANCELLED);
        assertThat(studies.forRun(cancelRequested.id).orElseThrow().status).isEqualTo("CANCELLED");
    }
}
