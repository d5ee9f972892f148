package dev.hone.runs;

import dev.hone.errors.ErrorCode;
import dev.hone.errors.HoneException;

/**
 * The workflow service could not start a run's workflow: it cannot be reached, or it refused the
 * start. The run is recorded FAILED with the same reason, never left QUEUED; the message names the
 * run, the cause and what to do (start it again with a restart once the service answers).
 */
public class WorkflowServiceUnavailableException extends HoneException {
    public WorkflowServiceUnavailableException(String message, Throwable cause) {
        super(ErrorCode.WORKFLOW_SERVICE_UNAVAILABLE, message, cause);
    }
}
