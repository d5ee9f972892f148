package dev.hone.api.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Upper bounds on every size a caller chooses, so that no single request can exhaust the server.
 * Each is checked before any work starts (sizes are computed, never built to be measured), and a
 * refusal names the limit and the key that raises it. The defaults suit one machine with a few
 * gigabytes of memory; an administrator raises a key (e.g. {@code HONE_LIMITS_EPOCHS=50000}) when a
 * team needs more.
 */
@ConfigMapping(prefix = "hone.limits")
public interface Limits {

    /** The prefix of every key here, for messages that tell an administrator what to raise. */
    String PREFIX = "hone.limits.";

    /**
     * Bytes of one GraphQL request body, counted as they arrive (with or without
     * {@code Content-Length}, chunked bodies included), so an oversized document is cut off, not read.
     */
    @WithDefault("262144")
    long graphqlRequestBytes();

    /**
     * Bytes of one data set upload, counted while it streams to the artifact store. The HTTP layer's
     * own cap ({@code quarkus.http.limits.max-body-size}) must stay a little above it.
     */
    @WithDefault("104857600")
    long uploadBytes();

    /** Hidden layers of a model: {@code training.hiddenLayers} entries and a study's {@code layers}. */
    @WithDefault("8")
    int hiddenLayers();

    /** Units in one hidden layer: each {@code training.hiddenLayers} entry and {@code width1..width4}. */
    @WithDefault("1024")
    int layerWidth();

    /** Training epochs: {@code maxEpochs}, {@code patience} and ASHA's {@code minResource}. */
    @WithDefault("10000")
    int epochs();

    /** Rows in one mini-batch ({@code batchSize}). */
    @WithDefault("4096")
    int batchSize();

    /** Trials in one hyperparameter study ({@code tuning.maxTrials}). */
    @WithDefault("1000")
    int trials();

    /** Trials of one study running at once ({@code tuning.parallelism}). */
    @WithDefault("16")
    int parallelism();

    /** Grid values per numeric parameter of a GRID study ({@code tuning.gridPoints}). */
    @WithDefault("100")
    int gridPoints();

    /** Rows in one prediction request, over GraphQL or REST. */
    @WithDefault("1000")
    int predictionRows();

    /**
     * Bytes of one REST prediction or inference request body ({@code /api/models/{model}/predict},
     * {@code /v2/models/.../infer}), read whole before the request is handled.
     */
    @WithDefault("4194304")
    long predictionRequestBytes();

    /** Items on one page of a list query ({@code size}). */
    @WithDefault("100")
    int pageSize();

    /** Shortest interval a schedule may fire at, in seconds ({@code intervalSeconds}). */
    @WithDefault("60")
    long scheduleMinIntervalSeconds();
}
