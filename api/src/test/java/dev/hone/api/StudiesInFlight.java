package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;

import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.tuning.Study;
import dev.hone.registry.tuning.StudyService;

/** Studies written straight through the registry, for tests of what the registry decides about them. */
final class StudiesInFlight {

    private StudiesInFlight() {
    }

    /**
     * A run of attempt 1 in flight in workflow {@code run-<id>}, in its TUNE stage, with a RUNNING study minimizing
     * validation_loss ({@code sampler}, {@code folds}: null when scored on the validation split) and no trial yet.
     */
    static Study create(RunService runs, StudyService studies, long datasetVersion, String sampler, Integer folds) {
        Run run = runs.create(new RunService.RunSpec(datasetVersion, "species", null, Api.unique("study"), "CPU", 1,
                "{}", "{}", null), SCIENTIST);
        String workflowId = "run-" + run.id;
        runs.setWorkflowId(run.id, workflowId);
        runs.markStarted(run.id, workflowId);
        runs.stageStarted(run.id, workflowId, "TUNE");
        Study template = new Study();
        template.runId = run.id;
        template.sampler = sampler;
        template.pruner = "NONE";
        template.objective = "validation_loss";
        template.direction = "MINIMIZE";
        template.maxTrials = 2;
        template.parallelism = 1;
        template.folds = folds;
        template.specJson = "{}";
        template.baseSettingsJson = "{}";
        return studies.createOrGet(template, workflowId);
    }
}
