package dev.hone.workflows.schedule;

/** What a schedule does when it fires while the run it started last is still in flight. */
public enum OverlapPolicy {
    /** The fire is skipped (recorded as skipped, with the run that was still in flight). */
    SKIP,
    /** The first such fire waits for the run to end, then starts; further ones are skipped. */
    BUFFER_ONE,
    /** The run in flight is cancelled and the fire starts a new one. */
    CANCEL_RUNNING
}
