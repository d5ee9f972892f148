package dev.hone.registry.artifact;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ArtifactRepository implements PanacheRepositoryBase<Artifact, String> {
}
