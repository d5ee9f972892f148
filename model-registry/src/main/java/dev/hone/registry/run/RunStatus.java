package dev.hone.registry.run;

/** Life cycle of a run. */
public enum RunStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** The run was in flight when an embedded server stopped; its workflow state is gone. */
    INTERRUPTED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
