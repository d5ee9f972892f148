package dev.hone.registry.model;

/** Whether a second person has approved a model version for promotion. */
public enum ApprovalStatus {
    PENDING,
    APPROVED,
    REJECTED
}
