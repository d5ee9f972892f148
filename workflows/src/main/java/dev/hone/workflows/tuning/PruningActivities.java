package dev.hone.workflows.tuning;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The study's early-stopping rule, run as a local activity of the study workflow: a pure function
 * of the query, so the workflow's decision is recorded in its history and replays the same. Used
 * only by studies of the first release, whose trials reported to the workflow (see
 * {@link TuningWorkflow#report}); it stays registered while such a study may still be open.
 */
@ActivityInterface
public interface PruningActivities {

    /** True when the trial should stop now. */
    @ActivityMethod
    boolean shouldStop(PruningQuery query);
}
