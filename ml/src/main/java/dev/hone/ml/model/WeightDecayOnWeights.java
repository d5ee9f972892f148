package dev.hone.ml.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.Set;

/**
 * L2 weight decay on the weight matrices alone: their updates go to an optimizer that adds {@code weightDecay *
 * w} to the gradient inside its fused update (as PyTorch's per-group {@code weight_decay} does), the biases'
 * to the same optimizer without decay. The mathematics of a {@code weightDecay / 2 * sum(w^2)} term in the loss,
 * without the dozen extra graph operations per step that term costs.
 */
final class WeightDecayOnWeights extends Optimizer {

    private final Optimizer decayed;
    private final Optimizer plain;
    private final Set<String> weightIds;

    /** @param weightIds the ids of the parameters that decay; every other parameter updates with {@code plain} */
    WeightDecayOnWeights(Optimizer decayed, Optimizer plain, Set<String> weightIds) {
        super(new Builder());
        this.decayed = decayed;
        this.plain = plain;
        this.weightIds = Set.copyOf(weightIds);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        (weightIds.contains(parameterId) ? decayed : plain).update(parameterId, weight, grad);
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
