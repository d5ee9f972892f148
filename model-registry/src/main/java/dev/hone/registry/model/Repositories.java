package dev.hone.registry.model;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Panache repositories of the model registry. */
public final class Repositories {
    private Repositories() {
    }

    @ApplicationScoped
    public static class RegisteredModelRepository implements PanacheRepository<RegisteredModel> {
    }

    @ApplicationScoped
    public static class ModelVersionRepository implements PanacheRepository<ModelVersion> {
    }

    @ApplicationScoped
    public static class ModelAliasRepository implements PanacheRepository<ModelAlias> {
    }

    @ApplicationScoped
    public static class ModelVersionTagRepository implements PanacheRepository<ModelVersionTag> {
    }
}
