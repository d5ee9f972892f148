package dev.hone.registry.run;

/** Life cycle of a run. */
public enum RunStatus {
    QUEUED("Recorded; its workflow has not started its first stage yet"),
    RUNNING("Its workflow is running a stage"),
    SUCCEEDED("Ended with a registered model version, which is now READY"),
    FAILED("Ended by an error; the run's error says which"),
    CANCELLED("Ended by a cancel request; a version it registered is WITHDRAWN"),
    /** The run was in flight when an embedded server stopped; its workflow state is gone. */
    INTERRUPTED("Ended because Hone stopped while it ran; restartRun starts it again");

    private final String description;

    RunStatus(String description) {
        this.description = description;
    }

    /** What the status means, for people. */
    public String description() {
        return description;
    }

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    /** Whether a run with this status may be started again as a new attempt. */
    public boolean restartable() {
        return isFinal() && this != SUCCEEDED;
    }
}
