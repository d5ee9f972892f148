package dev.hone.workflows.rollout;

import java.util.List;

/** A rollout as started: the version brought in on a deployment, its steps and policy. */
public record RolloutRequest(long rolloutId, String deployment, int canaryVersion, long canaryVersionId,
        long stableVersionId, boolean sticky, List<RolloutStep> steps, RolloutPolicy policy, String startedBy) {
}
