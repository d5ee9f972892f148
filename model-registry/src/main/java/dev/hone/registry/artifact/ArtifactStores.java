package dev.hone.registry.artifact;

import dev.hone.registry.RegistryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The one place that picks the artifact store, by {@code hone.registry.artifact-store}. */
@Singleton
class ArtifactStores {

    @Produces
    @ApplicationScoped
    ArtifactStore artifactStore(RegistryConfig config, DatabaseArtifactCatalog catalog) {
        Path dir = Path.of(config.artifactDir());
        return switch (config.artifactStore()) {
            case FILE -> new FileArtifactStore(dir, catalog);
            case S3 -> S3ArtifactStore.connect(config.s3(), dir.resolve("tmp"), catalog);
        };
    }

    void close(@Disposes ArtifactStore store) {
        if (store instanceof S3ArtifactStore s3) {
            s3.close();
        }
    }
}
