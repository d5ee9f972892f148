package dev.hone.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Model serving settings. */
@ConfigMapping(prefix = "hone.serving")
public interface ServingConfig {

    /**
     * Model versions kept loaded in memory, at least 1; the least recently used is unloaded first,
     * once no prediction is using it.
     */
    @WithDefault("16")
    int cacheSize();
}
