package dev.hone.api.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once this process's workers poll the workflow service; a worker started before it waits. */
@Readiness
@ApplicationScoped
public class WorkflowServiceReadiness implements HealthCheck {

    private final TemporalRuntime runtime;

    public WorkflowServiceReadiness(TemporalRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("workflow-service").status(runtime.working()).build();
    }
}
