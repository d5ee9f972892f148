package dev.hone.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Model serving settings. */
@ConfigMapping(prefix = "hone.serving")
public interface ServingConfig {

    /** Model versions kept loaded in memory; the least recently used is unloaded first. */
    @WithDefault("16")
    int cacheSize();

    /** Most rows one prediction request may carry. */
    @WithDefault("1000")
    int maxRows();
}
