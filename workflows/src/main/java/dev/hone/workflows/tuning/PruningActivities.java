package dev.hone.workflows.tuning;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The study's early-stopping rule, run as a local activity of the study workflow: a pure function
 * of the query, so the workflow's decision is recorded in its history and replays the same.
 */
@ActivityInterface
public interface PruningActivities {

    /** True when the trial should stop now. */
    @ActivityMethod
    boolean shouldStop(PruningQuery query);
}
