package dev.hone.workflows.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Measures a trained model on the held-out test split. Runs on a compute queue. */
@ActivityInterface
public interface EvaluationActivities {

    /** Idempotent per run: a retry returns what the first attempt stored. */
    @ActivityMethod
    Evaluation evaluate(EvaluateRequest request);
}
