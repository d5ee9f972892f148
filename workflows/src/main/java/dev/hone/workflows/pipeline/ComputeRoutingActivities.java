package dev.hone.workflows.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Chooses the compute queue of a run that asked for {@code AUTO} or {@code GPU}, from the size of
 * its work and the worker processes that poll each queue, and records the choice and its reason on
 * the run. Runs on the control queue.
 */
@ActivityInterface
public interface ComputeRoutingActivities {

    @ActivityMethod
    ComputeRoute route(RouteRequest request);
}
