package dev.hone.ml.tuning;

import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The median stopping rule: after the warm-up, stop a trial whose best value so far is worse than
 * the median, over the other trials that reached the same step, of their best values up to that
 * step.
 *
 * <p>Compared with Optuna's {@code MedianPruner}: Optuna compares with the median of the other
 * trials' values at exactly this step and counts only COMPLETED trials; here both sides use the
 * best value up to the step (like against like, so one noisy epoch of another trial does not
 * raise the bar), and every other trial that reported this step counts, in any state, since in
 * an asynchronous study most comparable trials are still running. A trial whose values so far are
 * all NaN (diverged) is stopped; NaN values of others are ignored.
 */
public final class MedianPruner implements Pruner {

    private final int warmupSteps;
    private final int minTrials;

    /**
     * @param warmupSteps steps {@code 1..warmupSteps} are never stopped
     * @param minTrials other trials that must have reported a step before it can stop anything
     */
    public MedianPruner(int warmupSteps, int minTrials) {
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, was " + warmupSteps);
        }
        if (minTrials < 1) {
            throw new IllegalArgumentException("minTrials must be >= 1, was " + minTrials);
        }
        this.warmupSteps = warmupSteps;
        this.minTrials = minTrials;
    }

    public int warmupSteps() {
        return warmupSteps;
    }

    public int minTrials() {
        return minTrials;
    }

    @Override
    public boolean shouldStop(Trial trial, int step, List<Trial> others, Direction direction) {
        Objects.requireNonNull(direction, "direction");
        IntermediateValues.at(trial, step); // checks that the step was reported
        if (step <= warmupSteps) {
            return false;
        }
        double own = bestUpTo(trial, step, direction);
        if (Double.isNaN(own)) {
            return true;
        }
        List<Double> bests = new ArrayList<>();
        for (Trial other : others) {
            if (other.number() != trial.number() && other.intermediate().size() >= step) {
                double best = bestUpTo(other, step, direction);
                if (!Double.isNaN(best)) {
                    bests.add(best);
                }
            }
        }
        if (bests.size() < minTrials) {
            return false;
        }
        return direction.isBetter(median(bests), own);
    }

    /** Best of the first {@code step} values, ignoring NaN; NaN when all are NaN. */
    static double bestUpTo(Trial t, int step, Direction direction) {
        double best = Double.NaN;
        for (int i = 0; i < step; i++) {
            double v = t.intermediate().get(i);
            if (!Double.isNaN(v) && (Double.isNaN(best) || direction.isBetter(v, best))) {
                best = v;
            }
        }
        return best;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
