package dev.hone.ml.tuning;

/**
 * One dimension of a {@link SearchSpace}: a name, a domain and an optional {@link Condition}
 * under which the parameter is active. Sampled values are {@code Double} for
 * {@link FloatParameter}, {@code Integer} for {@link IntParameter} and {@code String} for
 * {@link CategoricalParameter}.
 */
public sealed interface ParameterSpec permits FloatParameter, IntParameter, CategoricalParameter {

    String name();

    /** When this parameter is active; {@code null} means always. */
    Condition condition();
}
