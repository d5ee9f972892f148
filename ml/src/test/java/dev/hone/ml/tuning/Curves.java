package dev.hone.ml.tuning;

import dev.hone.vocabulary.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Synthetic learning curves for the pruner tests. */
final class Curves {

    private Curves() {}

    /** Accuracy rising towards {@code level}: {@code level * (1 - exp(-t / 3))} for t = 1..steps. */
    static List<Double> accuracy(double level, int steps) {
        List<Double> curve = new ArrayList<>();
        for (int t = 1; t <= steps; t++) {
            curve.add(level * (1 - Math.exp(-t / 3.0)));
        }
        return curve;
    }

    /** Loss falling towards {@code 1 - level}: one minus {@link #accuracy}. */
    static List<Double> loss(double level, int steps) {
        return accuracy(level, steps).stream().map(a -> 1 - a).toList();
    }

    static List<Double> curve(Direction direction, double level, int steps) {
        return direction == Direction.MAXIMIZE ? accuracy(level, steps) : loss(level, steps);
    }

    /** The first {@code steps} values of a curve, as a trial that has reached that step. */
    static Trial upTo(int number, List<Double> curve, int steps) {
        return Trial.running(number, Map.of(), curve.subList(0, steps));
    }
}
