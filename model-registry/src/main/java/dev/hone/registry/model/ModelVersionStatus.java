package dev.hone.registry.model;

/** Registration state of a model version. */
public enum ModelVersionStatus {
    PENDING,
    READY,
    FAILED
}
