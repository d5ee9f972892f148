package dev.hone.api.runtime;

import dev.hone.runs.RunBounds;
import dev.hone.runs.RunBounds.Bound;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Hands the run bounds of {@link Limits} to run creation, each with the key that raises it. */
@Singleton
public class RunBoundsProducer {

    @Produces
    @Singleton
    RunBounds runBounds(Limits limits) {
        return new RunBounds(
                new Bound(limits.hiddenLayers(), Limits.PREFIX + "hidden-layers"),
                new Bound(limits.layerWidth(), Limits.PREFIX + "layer-width"),
                new Bound(limits.epochs(), Limits.PREFIX + "epochs"),
                new Bound(limits.batchSize(), Limits.PREFIX + "batch-size"),
                new Bound(limits.trials(), Limits.PREFIX + "trials"),
                new Bound(limits.parallelism(), Limits.PREFIX + "parallelism"),
                new Bound(limits.gridPoints(), Limits.PREFIX + "grid-points"));
    }
}
