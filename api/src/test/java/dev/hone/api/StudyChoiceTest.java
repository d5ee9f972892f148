package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.registry.tuning.Study;
import dev.hone.registry.tuning.StudyService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which trial a finished study trains: on small data (folds) its best trial only when its lead over trial 0, the
 * base settings, is clear fold by fold; and the study says why.
 */
@QuarkusTest
class StudyChoiceTest {

    /** Trial 0's validation loss on five folds. */
    private static final List<Double> BASE = List.of(0.50, 0.62, 0.41, 0.55, 0.47);
    /** Ahead of trial 0 on the mean by 0.01, but behind it on two folds: a lead within its standard error. */
    private static final List<Double> LUCKY = List.of(0.42, 0.66, 0.38, 0.58, 0.46);
    /** Ahead by 0.0046 on the mean, on every fold: a small lead, but a clear one. */
    private static final List<Double> STEADY = List.of(0.495, 0.617, 0.405, 0.547, 0.463);

    @Inject
    RunService runs;
    @Inject
    StudyService studies;
    @Inject
    DatasetService datasets;

    private long datasetVersion;
    private final List<Long> created = new ArrayList<>();

    @BeforeEach
    void data() {
        Api.ensureUsers();
        String dataset = Api.unique("iris-choice");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        datasetVersion = datasets.version(dataset, null).id;
    }

    @AfterEach
    void endRuns() {
        created.forEach(id -> runs.ended(id, null, RunStatus.INTERRUPTED, "test over"));
    }

    @Test
    void aLeadWithinTheFoldsStandardErrorKeepsTheBaseSettings() {
        Study s = finished("RANDOM", 5, BASE, LUCKY);
        assertThat(s.bestTrial).isZero();
        assertThat(s.bestValue).isCloseTo(0.51, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(s.choice).isEqualTo("trial 0 (the base settings): the best on validation_loss, trial 1, was ahead "
                + "of it by 0.01000 on the mean of 5 folds, within the standard error of the fold-by-fold differences "
                + "(0.02168)");
        assertThat(StudyService.foldValues(studies.trial(s.id, 1).orElseThrow())).isEqualTo(LUCKY);
    }

    @Test
    void aClearLeadTrainsTheBestTrial() {
        Study s = finished("TPE", 5, BASE, STEADY);
        assertThat(s.bestTrial).isEqualTo(1);
        assertThat(s.choice).startsWith("trial 1: the best on validation_loss, ahead of trial 0 (the base settings) "
                + "by 0.004600 on the mean of 5 folds, more than the standard error");
    }

    @Test
    void withoutFoldsOrOnAGridTheBestTrialIsTrained() {
        Study onValidationSplit = finished("RANDOM", null, null, null);
        assertThat(onValidationSplit.bestTrial).isEqualTo(1);
        assertThat(onValidationSplit.choice).isEqualTo("trial 1: the best on validation_loss");
        // A grid's trial 0 is a point of the grid, not the base settings: nothing to defend.
        Study grid = finished("GRID", 5, BASE, LUCKY);
        assertThat(grid.bestTrial).isEqualTo(1);
        assertThat(grid.choice).isEqualTo("trial 1: the best on validation_loss");
    }

    @Test
    void withACostTheCheapestWithinTheToleranceOfTheChosenTrialIsTrained() {
        Study study = StudiesInFlight.create(runs, studies, datasetVersion, s -> { });
        created.add(study.runId);
        complete(study.id, 0, null, 0.51, 10.0);
        complete(study.id, 1, null, 0.50, 20.0);
        Study s = studies.finish(study.id, 5.0);
        assertThat(s.bestTrial).isZero();
        assertThat(s.choice).isEqualTo("trial 0: the cheapest within 5.0% of the objective of trial 1: the best on "
                + "validation_loss");
    }

    /** A finished study: trial 0 scored {@code base} and trial 1 {@code challenger} (0.51 and 0.50 without folds). */
    private Study finished(String sampler, Integer folds, List<Double> base, List<Double> challenger) {
        Study study = StudiesInFlight.create(runs, studies, datasetVersion, s -> {
            s.sampler = sampler;
            s.folds = folds;
        });
        created.add(study.runId);
        complete(study.id, 0, base, 0.51, null);
        complete(study.id, 1, challenger, 0.50, null);
        return studies.finish(study.id);
    }

    private void complete(long studyId, int number, List<Double> folds, double withoutFolds, Double cost) {
        studies.propose(studyId, number, "{}", "{}");
        studies.startAttempt(studyId, number, 1, "mlops-cpu@1@test");
        double value = folds == null ? withoutFolds : folds.stream().mapToDouble(Double::doubleValue).average()
                .orElseThrow();
        studies.finishTrial(studyId, number, 1, "COMPLETED", value, cost, folds, null);
    }
}
