package dev.hone.ml.tuning;

/**
 * A real-valued parameter in {@code [low, high]}, sampled uniformly or, when {@code log}, uniformly
 * in the logarithm (for scale parameters such as a learning rate or a weight decay).
 *
 * @param condition when the parameter is active; {@code null} for always
 */
public record FloatParameter(String name, double low, double high, boolean log, Condition condition)
        implements ParameterSpec {

    /** Uniform in {@code [low, high]}, always active. */
    public static FloatParameter uniform(String name, double low, double high) {
        return new FloatParameter(name, low, high, false, null);
    }

    /** Log-uniform in {@code [low, high]} ({@code low > 0}), always active. */
    public static FloatParameter logUniform(String name, double low, double high) {
        return new FloatParameter(name, low, high, true, null);
    }

    /** The same parameter, active only under {@code condition}. */
    public FloatParameter when(Condition condition) {
        return new FloatParameter(name, low, high, log, condition);
    }
}
