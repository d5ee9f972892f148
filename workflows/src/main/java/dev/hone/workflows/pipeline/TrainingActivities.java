package dev.hone.workflows.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Trains a model on the preprocessed splits, heartbeating every epoch. Runs on a compute queue. */
@ActivityInterface
public interface TrainingActivities {

    /** Idempotent per run: a retry returns what the first attempt stored. */
    @ActivityMethod
    TrainedModel train(TrainRequest request);
}
