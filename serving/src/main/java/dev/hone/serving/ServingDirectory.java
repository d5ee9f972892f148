package dev.hone.serving;

import dev.hone.registry.db.ChangeFeed;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
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

    /** The registry tables whose changes can change an answer (migration V20 announces them). */
    static final Set<String> TABLES = Set.of("registered_model", "model_version", "model_alias");
    private static final int MAX_ENTRIES = 10_000;

    private final ModelRegistryService registry;
    private final ChangeFeed.Cache<Key, ModelVersion> cache;

    public ServingDirectory(ModelRegistryService registry, ChangeFeed feed) {
        this.registry = registry;
        this.cache = feed.cache(TABLES, MAX_ENTRIES);
    }

    private record Key(String model, Integer version, String alias) {
    }

    /** As {@link ModelRegistryService#resolveForServing}, from memory when the answer is known. */
    public ModelVersion resolve(String model, Integer version, String alias) {
        return cache.get(new Key(model, version, alias), () -> registry.resolveForServing(model, version, alias));
    }
}
