package dev.hone.vocabulary;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.graphql.Description;

@Description("Whether a study's objective is to be made as small or as large as possible")
public enum Direction {
    @Description("Lower is better")
    MINIMIZE,
    @Description("Higher is better")
    MAXIMIZE;

    @JsonCreator
    public static Direction of(String name) {
        return Names.parse(Direction.class, name);
    }

    /** True when {@code a} is strictly better than {@code b} in this direction. */
    public boolean isBetter(double a, double b) {
        return this == MINIMIZE ? a < b : a > b;
    }

    /** The value as a loss: unchanged when minimizing, negated when maximizing. */
    public double asLoss(double value) {
        return this == MINIMIZE ? value : -value;
    }
}
