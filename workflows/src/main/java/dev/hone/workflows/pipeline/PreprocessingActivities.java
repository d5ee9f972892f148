package dev.hone.workflows.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Profiles, validates, splits and transforms a data set version. Runs on a compute queue. */
@ActivityInterface
public interface PreprocessingActivities {

    /** Idempotent per run: a retry returns what the first attempt stored. */
    @ActivityMethod
    StageArtifacts preprocess(PreprocessRequest request);
}
