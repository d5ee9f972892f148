package dev.hone.workflows.schedule;

/** What a schedule does about the fire times it missed while Hone was down. */
public enum CatchUpPolicy {
    /** Missed times are recorded as skipped; the schedule goes on from its next time. */
    SKIP_MISSED,
    /** One run starts at once for all the missed times (the latest of them), then the schedule goes on. */
    RUN_ONCE
}
