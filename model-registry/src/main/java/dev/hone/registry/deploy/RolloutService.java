package dev.hone.registry.deploy;

import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.model.ModelVersion;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Rollouts as recorded: created when one starts, updated by its workflow, ended once. */
@ApplicationScoped
public class RolloutService {

    @ApplicationScoped
    public static class RolloutRepository implements PanacheRepository<Rollout> {
    }

    private final RolloutRepository rollouts;
    private final DeploymentService deployments;

    public RolloutService(RolloutRepository rollouts, DeploymentService deployments) {
        this.rollouts = rollouts;
        this.deployments = deployments;
    }

    /**
     * Records a new rollout of {@code version} on {@code deployment}: refused when the deployment has
     * one in flight, or the version cannot be its canary (checked as {@code setCanary} checks it).
     */
    @Transactional
    public Rollout create(String deployment, int version, String user, String initialStateJson) {
        DeploymentService.Resolved d = deployments.resolve(deployment);
        if (d == null) {
            throw new NotFoundException("Deployment '" + deployment + "' does not exist");
        }
        if (rollouts.count("deployment = ?1 and status in ?2", deployment, Rollout.IN_FLIGHT) > 0) {
            throw new InvalidInputException("Deployment '" + deployment + "' has a rollout in flight; end it first");
        }
        ModelVersion canary = deployments.servableVersion(d.model(), version, "canary");
        if (canary.id.equals(d.stable().id)) {
            throw new InvalidInputException("Version " + version + " is the stable version of deployment '"
                    + deployment + "'; a rollout brings in another version");
        }
        Rollout r = new Rollout();
        r.deployment = deployment;
        r.canaryVersionId = canary.id;
        r.stableVersionId = d.stable().id;
        r.status = "RUNNING";
        r.stateJson = initialStateJson;
        r.startedBy = user;
        r.startedAt = Instant.now();
        r.workflowId = "rollout-" + deployment + "-" + UUID.randomUUID();
        rollouts.persist(r);
        return r;
    }

    /** Records the workflow's state; an ended rollout takes no more writes. */
    @Transactional
    public Rollout update(long id, String status, String reason, String stateJson) {
        Rollout r = find(id);
        if (!Rollout.IN_FLIGHT.contains(r.status)) {
            return r;
        }
        r.status = status;
        r.reason = reason;
        r.stateJson = stateJson;
        if (!Rollout.IN_FLIGHT.contains(status)) {
            r.endedAt = Instant.now();
        }
        return r;
    }

    @Transactional
    public Rollout find(long id) {
        Rollout r = rollouts.findById(id);
        if (r == null) {
            throw new NotFoundException("Rollout " + id + " does not exist");
        }
        return r;
    }

    @Transactional
    public List<Rollout> of(String deployment) {
        return rollouts.list("deployment = ?1 order by id desc", deployment);
    }

    /**
     * Ends every rollout in flight as INTERRUPTED with {@code reason}, taking its canary out of its
     * deployment (what a workflow service that lost the rollouts' workflows leaves to do).
     */
    @Transactional
    public int interruptInFlight(String reason) {
        List<Rollout> open = inFlight();
        for (Rollout r : open) {
            deployments.removeCanaryIf(r.deployment, r.canaryVersionId, "system:restart");
            r.status = "INTERRUPTED";
            r.reason = reason;
            r.endedAt = Instant.now();
        }
        return open.size();
    }

    @Transactional
    public List<Rollout> inFlight() {
        return rollouts.list("status in ?1 order by id", Rollout.IN_FLIGHT);
    }
}
