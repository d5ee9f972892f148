package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;

import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.tuning.Study;
import dev.hone.registry.tuning.StudyService;
import java.util.function.Consumer;

/** Studies written straight through the registry, for tests of what the registry and the trials decide. */
final class StudiesInFlight {

    private StudiesInFlight() {
    }

    /**
     * A run of attempt 1 in flight in workflow {@code run-<id>}, in its TUNE stage, with a RUNNING study and no trial
     * yet: RANDOM, no pruner, minimizing validation_loss, 2 trials one at a time, scored on the validation split,
     * unless {@code settings} changes them.
     */
    static Study create(RunService runs, StudyService studies, long datasetVersion, Consumer<Study> settings) {
        Run run = runs.create(new RunService.RunSpec(datasetVersion, "species", null, Api.unique("study"), "CPU", 1,
                "{}", "{}", null), SCIENTIST);
        String workflowId = "run-" + run.id;
        runs.setWorkflowId(run.id, workflowId);
        runs.markStarted(run.id, workflowId);
        runs.stageStarted(run.id, workflowId, "TUNE");
        Study template = new Study();
        template.runId = run.id;
        template.sampler = "RANDOM";
        template.pruner = "NONE";
        template.objective = "validation_loss";
        template.direction = "MINIMIZE";
        template.maxTrials = 2;
        template.parallelism = 1;
        template.specJson = "{}";
        template.baseSettingsJson = "{}";
        settings.accept(template);
        return studies.createOrGet(template, workflowId);
    }
}
