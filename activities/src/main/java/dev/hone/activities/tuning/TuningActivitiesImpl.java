package dev.hone.activities.tuning;

import dev.hone.activities.pipeline.Failures;
import dev.hone.activities.pipeline.TrainingJob;
import dev.hone.errors.ErrorCode;
import dev.hone.ml.tuning.SearchSpace;
import dev.hone.registry.common.Json;
import dev.hone.registry.tuning.Study;
import dev.hone.registry.tuning.StudyService;
import dev.hone.registry.tuning.Trial;
import dev.hone.runs.TuningSpaces;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.TrainingSettings;
import dev.hone.workflows.tuning.TrialProposal;
import dev.hone.workflows.tuning.TuningActivities;
import dev.hone.workflows.tuning.TuningRequest;
import dev.hone.workflows.tuning.TuningResult;
import dev.hone.workflows.tuning.TuningSpec;
import dev.hone.workflows.tuning.TuningWorkflow;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Study bookkeeping and proposals, on the control queue. */
@ApplicationScoped
public class TuningActivitiesImpl implements TuningActivities {

    private final StudyService studies;
    private final TrainingJob job;

    public TuningActivitiesImpl(StudyService studies, TrainingJob job) {
        this.studies = studies;
        this.job = job;
    }

    @Override
    public long createStudy(TuningRequest request) {
        TuningSpec spec = request.spec();
        try {
            TuningSpaces.validate(spec, request.data().task() == Task.CLASSIFICATION);
        } catch (IllegalArgumentException e) {
            throw Failures.failure(ErrorCode.INVALID_INPUT, e.getMessage());
        }
        Study s = new Study();
        s.runId = request.runId();
        s.sampler = spec.sampler().name();
        s.pruner = spec.pruner().name();
        s.objective = spec.objective();
        s.direction = TuningSpaces.direction(spec).name();
        s.maxTrials = spec.maxTrials();
        s.parallelism = spec.parallelism();
        s.specJson = Json.write(spec);
        s.baseSettingsJson = Json.write(request.base() == null ? TrainingSettings.defaults() : request.base());
        s.seed = request.seed();
        if (spec.sampleRows() != null) {
            // Drawn once, before the first trial, and kept: every trial trains on the same rows.
            job.sample(request.data(), spec.sampleRows(), request.seed()).ifPresent(sample -> {
                s.sampleRows = sample.rows();
                s.sampleArtifact = sample.artifact();
            });
        }
        if (spec.warmStartTrials() != null && spec.warmStartTrials() > 0) {
            Failures.classify(() -> studies.warmStart(request.runId(), spec.warmStartTrials())).ifPresent(from -> {
                s.warmStartStudyId = from.studyId();
                s.warmStartJson = from.pointsJson();
            });
        }
        List<Integer> rows = request.data().rows();
        if (rows != null && rows.size() >= 2) {
            s.folds = TrainingJob.folds(s.sampleRows != null ? s.sampleRows : rows.get(0), rows.get(1));
        }
        // A study's workflow is a child of its run's: only the run's current attempt may open one.
        String runWorkflowId = TuningWorkflow.parentWorkflowId(Activity.getExecutionContext().getInfo().getWorkflowId());
        return Failures.classify(() -> studies.createOrGet(s, runWorkflowId).id);
    }

    @Override
    public TrialProposal propose(long studyId, int number) {
        return Failures.classify(() -> proposal(studyId, number));
    }

    private TrialProposal proposal(long studyId, int number) {
        var existing = studies.trial(studyId, number);
        if (existing.isPresent()) {
            return new TrialProposal(number, Json.read(existing.get().settingsJson, TrainingSettings.class));
        }
        Study study = studies.get(studyId);
        TuningSpec spec = StudyMapping.spec(study);
        // The study was checked when it was created; only the space is needed here.
        SearchSpace space = TuningSpaces.space(spec);
        List<dev.hone.ml.tuning.Trial> history = StudyMapping.toMl(studies.trials(studyId));
        TrainingSettings base = Json.read(study.baseSettingsJson, TrainingSettings.class);
        Map<String, Object> values = StudyMapping.sampler(spec, base, StudyMapping.warmStart(study)).sample(space,
                history,
                TuningSpaces.direction(spec), study.seed, number);
        TrainingSettings settings = TuningSpaces.apply(base, values);
        Trial trial = studies.propose(studyId, number, Json.write(values), Json.write(settings));
        return new TrialProposal(number, Json.read(trial.settingsJson, TrainingSettings.class));
    }

    @Override
    public void trialFailed(long studyId, int number, String error) {
        Failures.classify(() -> studies.trialFailed(studyId, number, error));
    }

    @Override
    public TuningResult finish(long studyId) {
        Study study = Failures.classify(() -> studies.finish(studyId,
                StudyMapping.spec(studies.get(studyId)).costTolerance()));
        List<Trial> trials = studies.trials(studyId);
        if (study.bestTrial == null) {
            throw Failures.failure(ErrorCode.NO_COMPLETED_TRIAL, "No trial of study " + studyId
                    + " completed, so there is no configuration to train");
        }
        Trial best = trials.stream().filter(t -> t.number == study.bestTrial).findFirst().orElseThrow();
        return new TuningResult(studyId, study.bestTrial, study.bestValue,
                TuningSpaces.finalSettings(Json.read(best.settingsJson, TrainingSettings.class)),
                count(trials, "COMPLETED"), count(trials, "PRUNED"), count(trials, "FAILED"));
    }

    private static int count(List<Trial> trials, String status) {
        return (int) trials.stream().filter(t -> status.equals(t.status)).count();
    }
}
