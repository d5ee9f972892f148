package dev.hone.registry.deploy;

import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.common.UniqueNames;
import dev.hone.registry.db.ChangeFeed;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.model.RegisteredModel;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Deployments and their changes. Every version a deployment names must be able to serve (READY,
 * not rejected) when it is named; a canary is another version of the same model than the stable
 * one. Serving re-checks at each request (a version rejected later is refused, never skipped).
 */
@ApplicationScoped
public class DeploymentService {

    private static final Pattern NAME = Pattern.compile(RegisteredModel.NAME_PATTERN);

    @ApplicationScoped
    public static class DeploymentRepository implements PanacheRepository<Deployment> {
    }

    private final DeploymentRepository deployments;
    private final ModelRegistryService registry;
    private final ChangeFeed feed;

    public DeploymentService(DeploymentRepository deployments, ModelRegistryService registry, ChangeFeed feed) {
        this.deployments = deployments;
        this.registry = registry;
        this.feed = feed;
    }

    /** A deployment with its versions, as serving routes by it. */
    public record Resolved(Deployment deployment, String model, ModelVersion stable, ModelVersion canary,
            ModelVersion shadow) {
    }

    @Transactional
    public Deployment create(String name, String model, int stableVersion, String user) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("Invalid deployment name '" + name + "': use 1 to 100 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
        String taken = "Deployment '" + name + "' exists already";
        if (deployments.find("name", name).firstResultOptional().isPresent()) {
            throw new InvalidInputException(taken);
        }
        ModelVersion stable = servable(model, stableVersion, "stable");
        Deployment d = new Deployment();
        d.name = name;
        d.modelId = stable.model.id;
        d.stableVersionId = stable.id;
        d.createdAt = Instant.now();
        d.createdBy = user;
        touch(d, user);
        UniqueNames.insert(deployments.getEntityManager(), d, taken);
        return d;
    }

    /** Sends {@code percent} of the requests to {@code version} (0 keeps it named but idle). */
    @Transactional
    public Deployment setCanary(String name, int version, double percent, boolean sticky, String user) {
        Deployment d = locked(name);
        if (!(percent >= 0 && percent <= 100)) {
            throw new InvalidInputException("A canary's share is a percentage from 0 to 100; got " + percent);
        }
        String model = modelName(d);
        ModelVersion canary = servable(model, version, "canary");
        if (canary.id == d.stableVersionId) {
            throw new InvalidInputException("Version " + version + " is the stable version of deployment '" + name
                    + "'; a canary is another version");
        }
        d.canaryVersionId = canary.id;
        d.canaryPercent = percent;
        d.sticky = sticky;
        touch(d, user);
        return d;
    }

    /** Changes only the canary's share (the rollout's steps). */
    @Transactional
    public Deployment setCanaryPercent(String name, double percent, String user) {
        Deployment d = locked(name);
        if (d.canaryVersionId == null) {
            throw new InvalidInputException("Deployment '" + name + "' has no canary");
        }
        if (!(percent >= 0 && percent <= 100)) {
            throw new InvalidInputException("A canary's share is a percentage from 0 to 100; got " + percent);
        }
        d.canaryPercent = percent;
        touch(d, user);
        return d;
    }

    /** Sends a copy of every request to {@code version} (null: no shadow). */
    @Transactional
    public Deployment setShadow(String name, Integer version, String user) {
        Deployment d = locked(name);
        d.shadowVersionId = version == null ? null : servable(modelName(d), version, "shadow").id;
        touch(d, user);
        return d;
    }

    /** Most requests a second a deployment's limit may allow each caller. */
    public static final double MAX_RATE_PER_SECOND = 1_000_000;

    /**
     * Sets the deployment's own protection: each caller's request rate and burst (null rate: only the
     * installation's prediction limit; null burst: one second's worth, at least 1), and whether answers give labels
     * only.
     */
    @Transactional
    public Deployment setProtection(String name, Double ratePerSecond, Double burst, boolean labelsOnly, String user) {
        if (ratePerSecond != null && !(ratePerSecond > 0 && ratePerSecond <= MAX_RATE_PER_SECOND)) {
            throw new InvalidInputException("A deployment's ratePerSecond must be above 0 and at most "
                    + (long) MAX_RATE_PER_SECOND + "; got " + ratePerSecond);
        }
        if (burst != null && (ratePerSecond == null || !(burst >= 1 && burst <= MAX_RATE_PER_SECOND))) {
            throw new InvalidInputException(ratePerSecond == null ? "A burst needs a ratePerSecond"
                    : "A deployment's burst must be 1 to " + (long) MAX_RATE_PER_SECOND + " requests; got " + burst);
        }
        Deployment d = locked(name);
        d.ratePerSecond = ratePerSecond;
        d.burst = ratePerSecond == null ? null : burst != null ? burst : Math.max(1, ratePerSecond);
        d.labelsOnly = labelsOnly;
        touch(d, user);
        return d;
    }

    /** The canary becomes the stable version and answers every request. */
    @Transactional
    public Deployment promoteCanary(String name, String user) {
        Deployment d = locked(name);
        if (d.canaryVersionId == null) {
            throw new InvalidInputException("Deployment '" + name + "' has no canary to promote");
        }
        ModelVersion canary = registry.versionById(d.canaryVersionId);
        String refusal = canary.servingRefusal();
        if (refusal != null) {
            throw new InvalidInputException(refusal + "; it cannot become the stable version of '" + name + "'");
        }
        d.stableVersionId = d.canaryVersionId;
        d.canaryVersionId = null;
        d.canaryPercent = 0;
        touch(d, user);
        return d;
    }

    /** Takes the canary out: the stable version answers every request again. */
    @Transactional
    public Deployment removeCanary(String name, String user) {
        Deployment d = locked(name);
        d.canaryVersionId = null;
        d.canaryPercent = 0;
        touch(d, user);
        return d;
    }

    /** Takes the canary out when it is still {@code canaryVersionId}; false when the deployment has another (or none). */
    @Transactional
    public boolean removeCanaryIf(String name, long canaryVersionId, String user) {
        Deployment d = deployments.find("name", name).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (d == null || d.canaryVersionId == null || d.canaryVersionId != canaryVersionId) {
            return false;
        }
        removeCanary(name, user);
        return true;
    }

    /** Deletes a deployment; refused while a rollout on it is in flight. */
    @Transactional
    public void delete(String name) {
        Deployment d = locked(name);
        long inFlight = ((Number) deployments.getEntityManager().createNativeQuery("select count(*) from rollout "
                + "where deployment = ?1 and status in ('RUNNING', 'PAUSED', 'AWAITING_APPROVAL')")
                .setParameter(1, name).getSingleResult()).longValue();
        if (inFlight > 0) {
            throw new InvalidInputException("Deployment '" + name + "' has a rollout in flight; abort it first");
        }
        deployments.delete(d);
        feed.changedHere("deployment");
    }

    @Transactional
    public Deployment find(String name) {
        return findOptional(name).orElseThrow(() -> new NotFoundException("Deployment '" + name + "' does not exist"));
    }

    /**
     * {@link #find}, its row locked until the transaction ends: every change takes it first, and so does a rollout's
     * creation ({@link RolloutService#create}), so that a delete and a new rollout, or two new rollouts, wait for
     * each other.
     */
    Deployment locked(String name) {
        return deployments.find("name", name).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("Deployment '" + name + "' does not exist"));
    }

    @Transactional
    public Optional<Deployment> findOptional(String name) {
        return deployments.find("name", name).firstResultOptional();
    }

    /** The deployment and its versions in one transaction, or null when there is none of that name. */
    @Transactional
    public Resolved resolve(String name) {
        Deployment d = deployments.find("name", name).firstResult();
        if (d == null) {
            return null;
        }
        ModelVersion stable = registry.versionById(d.stableVersionId);
        return new Resolved(d, stable.model.name, stable,
                d.canaryVersionId == null ? null : registry.versionById(d.canaryVersionId),
                d.shadowVersionId == null ? null : registry.versionById(d.shadowVersionId));
    }

    @Transactional
    public List<Deployment> list() {
        return deployments.list("order by name");
    }

    /** The versions deployments name, by id, in one query. */
    @Transactional
    public Map<Long, ModelVersion> versions(List<Deployment> of) {
        return registry.versionsById(of.stream().flatMap(d -> java.util.stream.Stream.of(d.stableVersionId,
                d.canaryVersionId, d.shadowVersionId)).filter(java.util.Objects::nonNull).distinct().toList());
    }

    private String modelName(Deployment d) {
        return registry.versionById(d.stableVersionId).model.name;
    }

    /** The version, refused unless it may serve as the deployment's {@code role} version. */
    @Transactional
    public ModelVersion servableVersion(String model, int version, String role) {
        return servable(model, version, role);
    }

    private ModelVersion servable(String model, int version, String role) {
        ModelVersion v = registry.resolve(model, version, null);
        String refusal = v.servingRefusal();
        if (refusal != null) {
            throw new InvalidInputException(refusal + "; it cannot be a deployment's " + role + " version");
        }
        return v;
    }

    private void touch(Deployment d, String user) {
        d.updatedAt = Instant.now();
        d.updatedBy = user;
        feed.changedHere("deployment");
    }
}
