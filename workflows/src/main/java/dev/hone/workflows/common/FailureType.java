package dev.hone.workflows.common;

/**
 * Business failure types carried by {@code ApplicationFailure}. Bad input is never retried: the
 * same input would fail again; nor is work whose run has ended, nor a store that cannot be written.
 */
public enum FailureType {
    /** The request or the data cannot be processed as given; the message says why. */
    INVALID_INPUT,
    /** A referenced record or artifact does not exist. */
    NOT_FOUND,
    /** The run was cancelled by a user. */
    CANCELLED,
    /**
     * The run, study or trial the work belongs to has ended, or a newer attempt took it over (a worker
     * that outlived its server): the registry refused the write, and the work is dropped.
     */
    ENDED,
    /** The artifact store cannot be written (permissions, a full disk): an operator must fix it first. */
    STORAGE,
    /**
     * The worker running the activity is stopping: it handed the work back, and the workflow service
     * retries it at once on another worker. Retryable.
     */
    WORKER_STOPPING;

    /** Failure type names that activity retry policies must not retry. */
    public static String[] nonRetryable() {
        return new String[] {INVALID_INPUT.name(), NOT_FOUND.name(), CANCELLED.name(), ENDED.name(), STORAGE.name()};
    }
}
