package dev.hone.workflows.rollout;

import io.temporal.activity.ActivityInterface;

/** The registry and serving side of a rollout, on the control queue. */
@ActivityInterface(namePrefix = "Rollout")
public interface RolloutActivities {

    /** Points the deployment's canary at the version with this share (idempotent). */
    void setShare(String deployment, int canaryVersion, double percent, boolean sticky, String user);

    /** Sums what serving saw of both versions since the step began, and judges the canary. */
    Analysis analyse(AnalyseRequest request);

    /** The canary becomes the stable version (when it still is this rollout's canary). */
    void promote(String deployment, long canaryVersionId, String user);

    /** Takes the canary out (when it still is this rollout's canary): the stable version answers everything. */
    void rollBack(String deployment, long canaryVersionId, String user);

    /** Records the rollout's state where the API and the console read it. */
    void record(long rolloutId, RolloutState state);
}
