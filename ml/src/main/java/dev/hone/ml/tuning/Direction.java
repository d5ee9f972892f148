package dev.hone.ml.tuning;

/** Whether the objective of a study is to be made as small or as large as possible. */
public enum Direction {
    MINIMIZE,
    MAXIMIZE;

    /** True when {@code a} is strictly better than {@code b} in this direction. */
    public boolean isBetter(double a, double b) {
        return this == MINIMIZE ? a < b : a > b;
    }

    /** The value as a loss: unchanged when minimizing, negated when maximizing. */
    double asLoss(double value) {
        return this == MINIMIZE ? value : -value;
    }
}
