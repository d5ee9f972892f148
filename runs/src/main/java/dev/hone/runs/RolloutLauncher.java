package dev.hone.runs;

import dev.hone.registry.common.Json;
import dev.hone.registry.deploy.Rollout;
import dev.hone.registry.deploy.RolloutService;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.rollout.CanaryRolloutWorkflow;
import dev.hone.workflows.rollout.RolloutPolicy;
import dev.hone.workflows.rollout.RolloutRequest;
import dev.hone.workflows.rollout.RolloutState;
import dev.hone.workflows.rollout.RolloutStep;
import io.quarkus.logging.Log;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Starts canary rollouts, for the API and for schedules alike: records the rollout (refused when the deployment has
 * one in flight or the version cannot be its canary), then starts its workflow; a rollout whose workflow could not
 * be started is recorded FAILED at once, never left RUNNING.
 */
@ApplicationScoped
public class RolloutLauncher {

    /** 5, 25, 50, 100% of the requests, five minutes each. */
    public static final List<RolloutStep> DEFAULT_STEPS = List.of(new RolloutStep(5, 300), new RolloutStep(25, 300),
            new RolloutStep(50, 300), new RolloutStep(100, 300));

    private final RolloutService rollouts;
    private final WorkflowClient client;

    public RolloutLauncher(RolloutService rollouts, WorkflowClient client) {
        this.rollouts = rollouts;
        this.client = client;
    }

    /**
     * Starts a rollout of {@code version} on {@code deployment} as {@code user}'s.
     *
     * @throws dev.hone.registry.common.InvalidInputException when the deployment has a rollout in flight, or the
     *     version cannot be its canary
     * @throws WorkflowServiceUnavailableException when the workflow could not be started (recorded FAILED)
     */
    public Rollout start(String deployment, int version, List<RolloutStep> plan, boolean sticky, RolloutPolicy policy,
            String user) {
        RolloutState initial = new RolloutState("RUNNING", 0, 0, plan, List.of(), null);
        Rollout r = rollouts.create(deployment, version, user, Json.write(initial));
        try {
            CanaryRolloutWorkflow workflow = client.newWorkflowStub(CanaryRolloutWorkflow.class, WorkflowOptions
                    .newBuilder().setWorkflowId(r.workflowId).setTaskQueue(TaskQueues.CONTROL).build());
            WorkflowClient.start(workflow::run, new RolloutRequest(r.id, deployment, version, r.canaryVersionId,
                    r.stableVersionId, sticky, plan, policy, user));
        } catch (RuntimeException e) {
            Log.errorf(e, "Rollout %d on '%s' not started", r.id, deployment);
            rollouts.update(r.id, "FAILED", "Not started: " + e.getMessage(), Json.write(initial));
            throw new WorkflowServiceUnavailableException("Rollout " + r.id + " was not started (recorded FAILED): the "
                    + "workflow service did not take it", e);
        }
        return rollouts.find(r.id);
    }
}
