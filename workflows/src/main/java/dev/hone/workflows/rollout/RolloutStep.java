package dev.hone.workflows.rollout;

/**
 * One step of a rollout: the canary's share of requests, and how long it serves that share before
 * its analysis.
 */
public record RolloutStep(double percent, long pauseSeconds) {
}
