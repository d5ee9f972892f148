package dev.hone.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Registry settings. The defaults make the embedded mode work with no configuration. */
@ConfigMapping(prefix = "hone.registry")
public interface RegistryConfig {

    /** Directory of the content-addressed artifact store. */
    @WithDefault("./data/artifacts")
    String artifactDir();
}
