package dev.hone.ml.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Makes a parameter active only when an earlier parameter is active and takes one of the given
 * values. Values are compared as strings: {@code String.valueOf} of the parent's {@code Integer}
 * or {@code String} value (conditions on float parameters are refused by
 * {@link SearchSpace#validate()}, since a continuous value almost never equals a listed one).
 *
 * @param parameter name of the parent parameter, declared before the conditional one
 * @param values the parent values that activate the conditional parameter
 */
public record Condition(String parameter, List<String> values) {

    public Condition {
        // Copy but keep nulls, so validate() can name what is wrong instead of a bare NPE here.
        values = values == null ? null : Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** Active when {@code parameter} takes one of {@code values}. */
    public static Condition when(String parameter, String... values) {
        return new Condition(parameter, Arrays.asList(values));
    }
}
