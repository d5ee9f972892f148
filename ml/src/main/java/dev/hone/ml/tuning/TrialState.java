package dev.hone.ml.tuning;

/** Where a trial of a study stands. */
public enum TrialState {
    /** Proposed and still training; its intermediate values may grow. */
    RUNNING,
    /** Finished normally; {@link Trial#value()} holds the final objective value. */
    COMPLETED,
    /** Stopped early by a {@link Pruner}; its last intermediate value stands for its quality. */
    PRUNED,
    /** Ended by an error; samplers ignore it. */
    FAILED
}
