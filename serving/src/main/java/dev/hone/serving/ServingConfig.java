package dev.hone.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Model serving settings. */
@ConfigMapping(prefix = "hone.serving")
public interface ServingConfig {

    /**
     * Model versions kept loaded in memory, at least 1; the least recently used is unloaded first,
     * once no prediction is using it.
     */
    @WithDefault("16")
    int cacheSize();

    /**
     * The key prediction ids are signed with ({@code HONE_SERVING_FEEDBACK_KEY}); when not set, one
     * is made once and kept in the database, shared by every process.
     */
    Optional<String> feedbackKey();

    /** Dynamic batching, for every model unless {@link #model()} says otherwise. */
    Batch batch();

    /** The response cache, for every model unless {@link #model()} says otherwise. */
    ResponseCacheSettings responseCache();

    /** Per model name ({@code hone.serving.model."iris".batch-max-rows=16}), settings that replace the defaults. */
    Map<String, PerModel> model();

    interface Batch {
        /** Rows one forward pass takes at most; 1 turns batching off. */
        @WithDefault("64")
        int maxRows();

        /**
         * How long a request waits for others to join its batch; 0 (the default) never waits: only
         * requests that arrive while a batch is being computed are merged.
         */
        @WithDefault("0s")
        Duration maxWait();
    }

    interface ResponseCacheSettings {
        /** Answers kept per model version; 0 (the default) turns the cache off. */
        @WithDefault("0")
        int entries();

        /** How long a kept answer is used. */
        @WithDefault("60s")
        Duration ttl();
    }

    interface PerModel {
        Optional<Integer> batchMaxRows();

        Optional<Duration> batchMaxWait();

        Optional<Integer> responseCacheEntries();

        Optional<Duration> responseCacheTtl();
    }

    /** The settings one model is served with. */
    record ModelSettings(int batchMaxRows, Duration batchMaxWait, int cacheEntries, Duration cacheTtl) {

        /** No batching, no response cache. */
        public static final ModelSettings PLAIN = new ModelSettings(1, Duration.ZERO, 0, Duration.ZERO);

        public ModelSettings {
            if (batchMaxRows < 1 || batchMaxWait.isNegative() || cacheEntries < 0 || cacheTtl.isNegative()) {
                throw new IllegalArgumentException("Serving settings out of range: batch-max-rows " + batchMaxRows
                        + " (at least 1), batch-max-wait " + batchMaxWait + ", response-cache entries " + cacheEntries
                        + ", ttl " + cacheTtl + " (not negative)");
            }
        }
    }

    /** The settings of {@code model}: its own where given, else the defaults. */
    default ModelSettings settingsOf(String model) {
        PerModel own = model().get(model);
        return new ModelSettings(
                own == null ? batch().maxRows() : own.batchMaxRows().orElse(batch().maxRows()),
                own == null ? batch().maxWait() : own.batchMaxWait().orElse(batch().maxWait()),
                own == null ? responseCache().entries() : own.responseCacheEntries().orElse(responseCache().entries()),
                own == null ? responseCache().ttl() : own.responseCacheTtl().orElse(responseCache().ttl()));
    }
}
