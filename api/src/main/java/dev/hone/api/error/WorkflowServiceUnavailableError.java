package dev.hone.api.error;

import io.smallrye.graphql.api.ErrorCode;

/**
 * The workflow service could not start a run's workflow (it cannot be reached, or it refused the
 * start). The run is recorded FAILED with the reason; restartRun starts it again.
 */
@ErrorCode("WORKFLOW_SERVICE_UNAVAILABLE")
public class WorkflowServiceUnavailableError extends ApiError {
    public WorkflowServiceUnavailableError(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "WORKFLOW_SERVICE_UNAVAILABLE";
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
