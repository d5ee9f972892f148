package dev.hone.workflows.rollout;

/** What to analyse: a deployment's canary against its stable version since a moment (epoch ms). */
public record AnalyseRequest(String deployment, long canaryVersionId, long stableVersionId, long sinceMillis,
        RolloutPolicy policy) {
}
