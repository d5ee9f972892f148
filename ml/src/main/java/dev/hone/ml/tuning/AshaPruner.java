package dev.hone.ml.tuning;

import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Asynchronous successive halving (Li et al., 2020) with epochs as the resource. Rung {@code k}
 * sits at step {@code minResource * reductionFactor^k}. When a trial reaches a rung step it goes
 * on only if its value there is among the best {@code floor(m / reductionFactor)} of the {@code m}
 * values recorded at that rung so far (its own and those of every other trial that reached the
 * step, in any state; ties go on); while fewer than {@code reductionFactor} values are recorded
 * it goes on. Between rungs it is never stopped. A NaN value at a rung stops the trial.
 *
 * <p>Like Optuna's {@code SuccessiveHalvingPruner} with {@code min_early_stopping_rate=0}, except
 * that Optuna, with fewer than {@code reductionFactor} values at a rung, lets only the best so far
 * go on. The rung values are read from the trials' intermediate values rather than stored, so the
 * pruner must be asked at every rung step (asking at every step is simplest).
 */
public final class AshaPruner implements Pruner {

    private final int minResource;
    private final int reductionFactor;

    /**
     * @param minResource the first rung's step, at least 1
     * @param reductionFactor eta: one in this many trials passes each rung, at least 2
     */
    public AshaPruner(int minResource, int reductionFactor) {
        if (minResource < 1) {
            throw new IllegalArgumentException("minResource must be >= 1, was " + minResource);
        }
        if (reductionFactor < 2) {
            throw new IllegalArgumentException("reductionFactor must be >= 2, was " + reductionFactor);
        }
        this.minResource = minResource;
        this.reductionFactor = reductionFactor;
    }

    public int minResource() {
        return minResource;
    }

    public int reductionFactor() {
        return reductionFactor;
    }

    /** Whether {@code step} is a rung step {@code minResource * reductionFactor^k}. */
    public boolean isRung(int step) {
        long r = minResource;
        while (r < step) {
            r *= reductionFactor;
        }
        return r == step;
    }

    @Override
    public boolean shouldStop(Trial trial, int step, List<Trial> others, Direction direction) {
        Objects.requireNonNull(direction, "direction");
        double own = IntermediateValues.at(trial, step);
        if (!isRung(step)) {
            return false;
        }
        if (Double.isNaN(own)) {
            return true;
        }
        List<Double> recorded = new ArrayList<>();
        recorded.add(own);
        for (Trial other : others) {
            if (other.number() != trial.number() && other.intermediate().size() >= step) {
                double v = other.intermediate().get(step - 1);
                if (!Double.isNaN(v)) {
                    recorded.add(v);
                }
            }
        }
        int promotable = recorded.size() / reductionFactor;
        if (promotable == 0) {
            return false;
        }
        // Best first; the trial goes on if it is no worse than the promotable-th best.
        recorded.sort(direction == Direction.MINIMIZE ? null : Comparator.reverseOrder());
        double threshold = recorded.get(promotable - 1);
        return direction.isBetter(threshold, own);
    }
}
