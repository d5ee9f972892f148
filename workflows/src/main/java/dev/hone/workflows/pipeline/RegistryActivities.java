package dev.hone.workflows.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Writes model versions into the registry. Runs on the control queue. */
@ActivityInterface
public interface RegistryActivities {

    /**
     * Registers the version as PENDING: it becomes READY only when the run succeeds, and is withdrawn
     * when the run ends otherwise. Idempotent per run attempt: a retry returns the version the first
     * try registered.
     */
    @ActivityMethod
    RegisteredVersion register(RegisterRequest request);
}
