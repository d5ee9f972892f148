package dev.hone.registry.deploy;

import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
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
    private final ModelRegistryService registry;

    public RolloutService(RolloutRepository rollouts, DeploymentService deployments, ModelRegistryService registry) {
        this.rollouts = rollouts;
        this.deployments = deployments;
        this.registry = registry;
    }

    /**
     * Records a new rollout of {@code version} on {@code deployment}: refused when the deployment does not exist or
     * has one in flight, or the version cannot be its canary (checked as {@code setCanary} checks it).
     */
    @Transactional
    public Rollout create(String deployment, int version, String user, String initialStateJson) {
        deployments.locked(deployment); // until this rollout commits: a delete or another rollout waits for it
        DeploymentService.Resolved d = deployments.resolve(deployment);
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

    /**
     * A rollout step's share: gives {@code percent} of the requests to version {@code canaryVersion} while the
     * deployment's newest rollout is of that version and in flight; otherwise (ended, rolled back, or not that
     * version's) sets nothing and returns false, so a late call or a retry is harmless.
     * <p>
     * Why the lock: a workflow cancelled while this call runs rolls back at once, without waiting for it (the
     * in-process workflow service cannot wait on a cancelled call), so this call can run after the roll-back. Both
     * lock the rollout's row first: whichever comes second sees the other, and a share after the roll-back finds
     * {@code rolledBackAt} set (the workflow records the rollout ended only after its roll-back).
     */
    @Transactional
    public boolean setShare(String deployment, int canaryVersion, double percent, boolean sticky, String user) {
        Rollout r = rollouts.find("deployment = ?1 order by id desc", deployment)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        String ended = r == null ? "the deployment has no rollout"
                : registry.versionById(r.canaryVersionId).version != canaryVersion
                        ? "the deployment's latest rollout (" + r.id + ") is of another version"
                : r.rolledBackAt != null ? "its rollout " + r.id + " was rolled back"
                : !Rollout.IN_FLIGHT.contains(r.status) ? "its rollout " + r.id + " has ended (" + r.status + ")"
                : null;
        if (ended != null) {
            Log.infof("Share of %s%% of deployment '%s' for version %d not set: %s", percent, deployment,
                    canaryVersion, ended);
            return false;
        }
        deployments.setCanary(deployment, canaryVersion, percent, sticky, user);
        return true;
    }

    /**
     * Rolls back the rollout of {@code canaryVersionId} on {@code deployment}: marks its row rolled back (locked, see
     * {@link #setShare}), then takes that canary out if the deployment still has it.
     */
    @Transactional
    public void rollBack(String deployment, long canaryVersionId, String user) {
        Rollout r = rollouts.find("deployment = ?1 and canaryVersionId = ?2 order by id desc", deployment,
                canaryVersionId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (r != null && r.rolledBackAt == null) {
            r.rolledBackAt = Instant.now();
        }
        deployments.removeCanaryIf(deployment, canaryVersionId, user);
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
