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
    /** Move model aliases. */
    MANAGE_ALIASES,
    /** Manage local users. */
    MANAGE_USERS,
    /** Read the audit log. */
    READ_AUDIT
}
