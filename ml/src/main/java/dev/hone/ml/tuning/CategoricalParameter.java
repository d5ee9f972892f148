package dev.hone.ml.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A parameter taking one of a list of unordered choices (an activation, an optimizer).
 *
 * @param condition when the parameter is active; {@code null} for always
 */
public record CategoricalParameter(String name, List<String> choices, Condition condition)
        implements ParameterSpec {

    public CategoricalParameter {
        // Copy but keep nulls, so validate() can name what is wrong instead of a bare NPE here.
        choices = choices == null ? null : Collections.unmodifiableList(new ArrayList<>(choices));
    }

    /** One of {@code choices}, always active. */
    public static CategoricalParameter of(String name, String... choices) {
        return new CategoricalParameter(name, Arrays.asList(choices), null);
    }

    /** The same parameter, active only under {@code condition}. */
    public CategoricalParameter when(Condition condition) {
        return new CategoricalParameter(name, choices, condition);
    }
}
