package dev.hone.registry.model;

/**
 * Registration state of a model version. Only READY versions are served or may carry an alias, and
 * a version is READY only once the run that registered it has SUCCEEDED.
 */
public enum ModelVersionStatus {
    /** Registered by a run that has not ended yet. */
    PENDING,
    /** Its run succeeded: the version may be served. */
    READY,
    FAILED,
    /** Its run ended without success (cancelled, failed or interrupted) after registering it. */
    WITHDRAWN
}
