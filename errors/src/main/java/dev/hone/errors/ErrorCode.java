package dev.hone.errors;

import java.util.Arrays;

/**
 * The one vocabulary of failures, shared by workflows, activities, the registry, ml, run creation and
 * the API. A code's name is, unchanged, the type of a workflow's {@code ApplicationFailure}, the
 * GraphQL {@code extensions.code} and the REST body's {@code code}; with it come whether retrying the
 * same work can help, and the HTTP status the API answers with.
 *
 * <p>The first group are the codes clients see; docs/api.md lists each of them in its error table
 * (a test holds the two together). The second group name what happens inside the service (a
 * cancelled run, a write after the end, a stopping worker): the API never answers with them but with
 * the code {@link #answeredAs()} names, {@link #INTERNAL} unless said otherwise.
 *
 * <p>Names are never renamed: recorded workflow histories and clients hold them.
 */
public enum ErrorCode {

    // Codes clients see.

    /** The request or the data cannot be processed as given; the message names the field and the problem. */
    INVALID_INPUT(400, Retry.NEVER, "The request or its data cannot be processed as given; the message names "
            + "the field and the problem"),
    /** No credentials, or wrong ones. */
    UNAUTHENTICATED(401, Retry.NEVER, "No credentials, or wrong ones"),
    /** None of the caller's roles grants the operation, or a governance rule refuses this caller. */
    FORBIDDEN(403, Retry.NEVER, "None of the caller's roles grants the operation, or a governance rule (four "
            + "eyes, a protected alias) refuses it"),
    /** A record, artifact or path that the request names does not exist. */
    NOT_FOUND(404, Retry.NEVER, "A record, artifact or path that the request names does not exist"),
    /** A method the path does not offer. */
    METHOD_NOT_ALLOWED(405, Retry.NEVER, "A method the path does not offer"),
    /** The Accept header asks for a type the endpoint does not answer with. */
    NOT_ACCEPTABLE(406, Retry.NEVER, "The Accept header asks for a type the endpoint does not answer with"),
    /** An upload or request body over its configured limit; nothing of it was kept. */
    PAYLOAD_TOO_LARGE(413, Retry.NEVER, "An upload or request body over its configured limit; nothing of it "
            + "was kept"),
    /** A body of a type the endpoint does not take. */
    UNSUPPORTED_MEDIA_TYPE(415, Retry.NEVER, "A body of a type the endpoint does not take"),
    /** More calls than the caller's rate limit allows; the same call succeeds after the wait. */
    RATE_LIMITED(429, Retry.AFTER_BACKOFF, "More calls than the caller's rate limit allows; try again after "
            + "the wait"),
    /** An unexpected fault; the server log holds the cause. Retrying may help. */
    INTERNAL(500, Retry.AFTER_BACKOFF, "An unexpected fault; the server log holds the cause"),
    /**
     * The artifact store cannot be written (permissions, a full disk): an operator must fix it first,
     * so the same work is not retried; nothing half-written was kept.
     */
    STORAGE_UNAVAILABLE(503, Retry.NEVER, "The artifact store cannot be written or read (permissions, a full "
            + "disk); an operator must fix it; nothing of the request was kept"),
    /**
     * The workflow service could not start a run's workflow (unreachable, or it refused the start);
     * the run is recorded FAILED and starts again with a restart once the service answers.
     */
    WORKFLOW_SERVICE_UNAVAILABLE(503, Retry.AFTER_BACKOFF, "The workflow service could not start the run's "
            + "workflow; the run is recorded FAILED and a restart starts it again once the service answers"),

    // Codes inside the service.

    /**
     * An artifact cannot be read from the store right now (a network file system, a worker's disk):
     * a later try may succeed. Clients see {@link #STORAGE_UNAVAILABLE}.
     */
    STORAGE_UNREADABLE(STORAGE_UNAVAILABLE, Retry.AFTER_BACKOFF, "An artifact cannot be read from the store "
            + "right now; a later try may succeed"),
    /** The run was cancelled by a user. */
    CANCELLED(INTERNAL, Retry.NEVER, "The run was cancelled by a user"),
    /**
     * The run, study or trial the work belongs to has ended, or a newer attempt took it over (a worker
     * that outlived its server): the registry refused the write, and the work is dropped.
     */
    ENDED(INTERNAL, Retry.NEVER, "The run, study or trial has ended, or a newer attempt took it over; the "
            + "write was refused and the work is dropped"),
    /**
     * The worker running an activity is stopping: it handed the work back, and the workflow service
     * retries it at once on another worker.
     */
    WORKER_STOPPING(INTERNAL, Retry.AFTER_BACKOFF, "The worker is stopping; another worker takes the work over"),
    /** A study ended without a completed trial, so there is no configuration to train. */
    NO_COMPLETED_TRIAL(INTERNAL, Retry.NEVER, "A study ended without a completed trial, so there is no "
            + "configuration to train"),
    /**
     * A stage failed for a reason that carries no code of its own (a timeout, tries used up on an
     * unexpected fault); the run ends FAILED with the stage's message.
     */
    STAGE_FAILED(INTERNAL, Retry.NEVER, "A stage failed for a reason without a code of its own (a timeout, "
            + "tries used up); the run ends FAILED with its message");

    /** Whether the same work, tried again, can succeed. */
    private enum Retry {
        NEVER, AFTER_BACKOFF
    }

    private final int httpStatus;
    private final ErrorCode answeredAs;
    private final boolean retryable;
    private final String description;

    /** A code clients see, answered with this HTTP status. */
    ErrorCode(int httpStatus, Retry retry, String description) {
        this.httpStatus = httpStatus;
        this.answeredAs = null;
        this.retryable = retry == Retry.AFTER_BACKOFF;
        this.description = description;
    }

    /** A code inside the service, which the API answers as {@code answeredAs}. */
    ErrorCode(ErrorCode answeredAs, Retry retry, String description) {
        this.httpStatus = answeredAs.httpStatus;
        this.answeredAs = answeredAs;
        this.retryable = retry == Retry.AFTER_BACKOFF;
        this.description = description;
    }

    /** Whether the same work, tried again, can succeed: workflow retry policies retry only these. */
    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status the API answers with (that of {@link #answeredAs()}). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The code the API answers with: this one for the codes clients see. */
    public ErrorCode answeredAs() {
        return answeredAs == null ? this : answeredAs;
    }

    /** Whether clients see this code (docs/api.md lists every such code). */
    public boolean seenByClients() {
        return answeredAs == null;
    }

    /** What the code means, in a sentence. */
    public String description() {
        return description;
    }

    /** The names of the codes that retry policies must not retry: {@code RetryOptions.setDoNotRetry}. */
    public static String[] nonRetryable() {
        return Arrays.stream(values()).filter(c -> !c.retryable).map(Enum::name).toArray(String[]::new);
    }

    /** The code of this name, or null when the name is none of ours (a Java exception's class name). */
    public static ErrorCode ofName(String name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return null;
    }
}
