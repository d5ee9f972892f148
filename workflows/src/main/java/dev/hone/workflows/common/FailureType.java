package dev.hone.workflows.common;

/**
 * Business failure types carried by {@code ApplicationFailure}. Bad input is never retried: the
 * same input would fail again.
 */
public enum FailureType {
    /** The request or the data cannot be processed as given; the message says why. */
    INVALID_INPUT,
    /** A referenced record or artifact does not exist. */
    NOT_FOUND,
    /** The run was cancelled by a user. */
    CANCELLED;

    /** Failure type names that activity retry policies must not retry. */
    public static String[] nonRetryable() {
        return new String[] {INVALID_INPUT.name(), NOT_FOUND.name(), CANCELLED.name()};
    }
}
