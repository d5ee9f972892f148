package dev.hone.serving;

import dev.hone.registry.db.ChangeFeed;
import dev.hone.registry.deploy.DeploymentService;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * Which version answers a prediction, without a database query once known: the registry's
 * {@link ModelRegistryService#resolveForServing} answers, remembered per (model, version, alias)
 * until a model, version or alias changes anywhere (heard through the {@link ChangeFeed}). Refusals
 * (unknown names, unservable versions) are not remembered: each asks the registry again.
 *
 * <p>The versions handed out are detached registry rows shared by concurrent requests: read them,
 * never change them.
 */
@ApplicationScoped
public class ServingDirectory {

    /** The registry tables whose changes can change an answer (migrations V20, V22 announce them). */
    static final Set<String> TABLES = Set.of("registered_model", "model_version", "model_alias");
    static final Set<String> DEPLOYMENT_TABLES = Set.of("registered_model", "model_version", "deployment");
    private static final int MAX_ENTRIES = 10_000;

    private final ModelRegistryService registry;
    private final DeploymentService deploymentService;
    private final ChangeFeed.Cache<Key, ModelVersion> cache;
    private final ChangeFeed.Cache<String, DeploymentService.Resolved> deployments;
    /**
     * Names with no deployment, remembered apart (inference on a model name asks first): a caller sending made-up
     * names fills and clears this one, never the one of real deployments.
     */
    private final ChangeFeed.Cache<String, Boolean> absent;

    public ServingDirectory(ModelRegistryService registry, DeploymentService deploymentService, ChangeFeed feed) {
        this.registry = registry;
        this.deploymentService = deploymentService;
        this.cache = feed.cache(TABLES, MAX_ENTRIES);
        this.deployments = feed.cache(DEPLOYMENT_TABLES, MAX_ENTRIES);
        this.absent = feed.cache(DEPLOYMENT_TABLES, MAX_ENTRIES);
    }

    /** The deployment of that name with its versions, from memory when known; empty when there is none. */
    public Optional<DeploymentService.Resolved> deployment(String name) {
        // Read inside the absent cache's read, so that a deployment made meanwhile is never remembered as absent.
        DeploymentService.Resolved[] found = new DeploymentService.Resolved[1];
        absent.get(name, () -> {
            found[0] = deployments.get(name, () -> deploymentService.resolve(name));
            return found[0] == null ? Boolean.TRUE : null;
        });
        return Optional.ofNullable(found[0]);
    }

    private record Key(String model, Integer version, String alias) {
    }

    /** As {@link ModelRegistryService#resolveForServing}, from memory when the answer is known. */
    public ModelVersion resolve(String model, Integer version, String alias) {
        return cache.get(new Key(model, version, alias), () -> registry.resolveForServing(model, version, alias));
    }
}
