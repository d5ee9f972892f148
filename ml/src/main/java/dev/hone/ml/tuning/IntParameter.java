package dev.hone.ml.tuning;

/**
 * An integer parameter taking the values {@code low, low + step, low + 2 step, ...} up to
 * {@code high} ({@code high} itself only when it is on the step grid). With {@code log}, values
 * are drawn uniformly in the logarithm (for sizes such as a batch size or a layer width); log and
 * a step above 1 do not go together.
 *
 * @param step distance between neighbouring values, at least 1
 * @param condition when the parameter is active; {@code null} for always
 */
public record IntParameter(String name, int low, int high, boolean log, int step, Condition condition)
        implements ParameterSpec {

    /** Every integer in {@code [low, high]}, uniformly, always active. */
    public static IntParameter uniform(String name, int low, int high) {
        return new IntParameter(name, low, high, false, 1, null);
    }

    /** {@code low, low + step, ...} up to {@code high}, uniformly, always active. */
    public static IntParameter stepped(String name, int low, int high, int step) {
        return new IntParameter(name, low, high, false, step, null);
    }

    /** Every integer in {@code [low, high]} ({@code low >= 1}), log-uniformly, always active. */
    public static IntParameter logUniform(String name, int low, int high) {
        return new IntParameter(name, low, high, true, 1, null);
    }

    /** The same parameter, active only under {@code condition}. */
    public IntParameter when(Condition condition) {
        return new IntParameter(name, low, high, log, step, condition);
    }

    /** Number of values the parameter can take (for a valid parameter). */
    long valueCount() {
        return ((long) high - low) / step + 1;
    }

    /** The largest value on the step grid, at most {@code high}. */
    int maxValue() {
        return (int) (low + (valueCount() - 1) * step);
    }

    /** Whether {@code v} is one of this parameter's values. */
    boolean canTake(long v) {
        return v >= low && v <= high && (v - low) % step == 0;
    }
}
