package dev.hone.workflows.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Writes model versions into the registry. Runs on the control queue. */
@ActivityInterface
public interface RegistryActivities {

    /** Idempotent per run: a retry returns the version the first attempt registered. */
    @ActivityMethod
    RegisteredVersion register(RegisterRequest request);
}
