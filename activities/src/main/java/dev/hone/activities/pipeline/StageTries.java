package dev.hone.activities.pipeline;

import dev.hone.registry.run.RunService;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;

/** What every stage activity does first. */
final class StageTries {

    private StageTries() {
    }

    /**
     * Records which try of the stage this is (the workflow service's attempt, so a user sees a
     * retried training), after checking that the run's current attempt is this activity's.
     *
     * @return the workflow id that the stage's writes must name
     */
    static String begin(RunService runs, long runId, String stage) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        runs.stageTry(runId, info.getWorkflowId(), stage, info.getAttempt());
        return info.getWorkflowId();
    }
}
