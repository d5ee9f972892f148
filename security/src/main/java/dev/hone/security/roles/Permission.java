package dev.hone.security.roles;

/** What an API operation needs. Each operation declares exactly one permission. */
public enum Permission {
    /** Read data sets, runs, models and reports. */
    READ,
    /** Call a model for predictions. */
    PREDICT,
    /** Upload data sets. */
    UPLOAD_DATA,
    /** Start, cancel and restart runs. */
    RUN,
    /** Set tags on model versions. */
    TAG,
    /** Move unprotected model aliases (staging, candidate, ...). */
    SET_ALIAS,
    /** Approve or reject model versions, and move protected aliases (production, champion). */
    APPROVE,
    /** Create and change deployments: their stable, canary and shadow versions and the canary's share. */
    DEPLOY,
    /** Manage local users. */
    MANAGE_USERS,
    /** Read the audit log. */
    READ_AUDIT
}
