package dev.hone.workflows.tuning;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Trains one trial on a compute queue, heartbeating and recording each epoch's objective value;
 * the study's early-stopping rule may stop it, which frees the worker at once.
 */
@ActivityInterface
public interface TrialActivities {

    /** Idempotent: a finished trial returns its recorded outcome. */
    @ActivityMethod
    TrialOutcome runTrial(TrialRequest request);
}
