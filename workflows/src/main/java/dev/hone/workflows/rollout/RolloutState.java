package dev.hone.workflows.rollout;

import java.util.List;

/**
 * Where a rollout stands: its status (RUNNING, PAUSED, AWAITING_APPROVAL, PROMOTED, ROLLED_BACK,
 * ABORTED, FAILED), the step it is on (from 0; the plan's length once past the last), the canary's share,
 * the planned steps, each step's analyses, and why it ended.
 */
public record RolloutState(String status, int step, double percent, List<RolloutStep> plan, List<StepRecord> steps,
        String reason) {

    /** One analysis of a step. */
    public record StepRecord(int step, double percent, long startedAtMillis, Analysis analysis) {
    }
}
