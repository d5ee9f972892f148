package dev.hone.ml.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of a hyperparameter search, in declaration order. A parameter with a
 * {@link Condition} may only depend on a parameter declared before it, so conditions form a
 * forest and samplers can decide activity in one pass. Values of inactive parameters are absent
 * from a sampled map.
 */
public record SearchSpace(List<ParameterSpec> parameters) {

    public SearchSpace {
        parameters = parameters == null
                ? null
                : Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    public static SearchSpace of(ParameterSpec... parameters) {
        return new SearchSpace(Arrays.asList(parameters));
    }

    /** The parameter called {@code name}, if any. */
    public Optional<ParameterSpec> parameter(String name) {
        if (parameters == null) {
            return Optional.empty();
        }
        return parameters.stream().filter(p -> p != null && p.name().equals(name)).findFirst();
    }

    /**
     * Checks the whole space before anything runs.
     *
     * @return this space
     * @throws IllegalArgumentException naming the first bad parameter and what is wrong with it
     */
    public SearchSpace validate() {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("The search space has no parameters");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < parameters.size(); i++) {
            ParameterSpec p = parameters.get(i);
            if (p == null) {
                throw new IllegalArgumentException("Parameter #" + (i + 1) + " is null");
            }
            if (p.name() == null || p.name().isBlank()) {
                throw new IllegalArgumentException("Parameter #" + (i + 1) + " has no name");
            }
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException(
                        "Parameter '" + p.name() + "' is declared more than once");
            }
            switch (p) {
                case FloatParameter f -> validateFloat(f);
                case IntParameter n -> validateInt(n);
                case CategoricalParameter c -> validateCategorical(c);
            }
            if (p.condition() != null) {
                validateCondition(p, i);
            }
        }
        return this;
    }

    private static void validateFloat(FloatParameter f) {
        String where = "Parameter '" + f.name() + "': ";
        if (!Double.isFinite(f.low()) || !Double.isFinite(f.high())) {
            throw new IllegalArgumentException(
                    where + "low and high must be finite, were " + f.low() + " and " + f.high());
        }
        if (f.low() > f.high()) {
            throw new IllegalArgumentException(
                    where + "low " + f.low() + " is greater than high " + f.high());
        }
        if (f.log() && f.low() <= 0) {
            throw new IllegalArgumentException(
                    where + "a log scale needs low > 0, was " + f.low());
        }
    }

    private static void validateInt(IntParameter n) {
        String where = "Parameter '" + n.name() + "': ";
        if (n.low() > n.high()) {
            throw new IllegalArgumentException(
                    where + "low " + n.low() + " is greater than high " + n.high());
        }
        if (n.log() && n.low() <= 0) {
            throw new IllegalArgumentException(where + "a log scale needs low >= 1, was " + n.low());
        }
        if (n.step() < 1) {
            throw new IllegalArgumentException(where + "step must be >= 1, was " + n.step());
        }
        if (n.log() && n.step() > 1) {
            throw new IllegalArgumentException(
                    where + "a log scale cannot have a step (was " + n.step() + ")");
        }
        if (n.step() > 1 && n.step() > (long) n.high() - n.low()) {
            throw new IllegalArgumentException(where + "step " + n.step()
                    + " is larger than the range [" + n.low() + ", " + n.high() + "]");
        }
    }

    private static void validateCategorical(CategoricalParameter c) {
        String where = "Parameter '" + c.name() + "': ";
        if (c.choices() == null || c.choices().isEmpty()) {
            throw new IllegalArgumentException(where + "needs at least one choice");
        }
        Set<String> distinct = new HashSet<>();
        for (String choice : c.choices()) {
            if (choice == null) {
                throw new IllegalArgumentException(where + "a choice is null");
            }
            if (!distinct.add(choice)) {
                throw new IllegalArgumentException(where + "choice '" + choice + "' is listed twice");
            }
        }
    }

    private void validateCondition(ParameterSpec p, int index) {
        Condition c = p.condition();
        String where = "Parameter '" + p.name() + "': condition ";
        if (c.parameter() == null) {
            throw new IllegalArgumentException(where + "names no parameter");
        }
        if (c.parameter().equals(p.name())) {
            throw new IllegalArgumentException(where + "refers to the parameter itself");
        }
        int parentIndex = -1;
        for (int j = 0; j < parameters.size(); j++) {
            ParameterSpec q = parameters.get(j);
            if (q != null && c.parameter().equals(q.name())) {
                parentIndex = j;
                break;
            }
        }
        if (parentIndex < 0) {
            throw new IllegalArgumentException(
                    where + "refers to unknown parameter '" + c.parameter() + "'");
        }
        if (parentIndex > index) {
            throw new IllegalArgumentException(where + "refers to '" + c.parameter()
                    + "', which is declared later; a parameter may only depend on earlier ones");
        }
        if (c.values() == null || c.values().isEmpty()) {
            throw new IllegalArgumentException(where + "on '" + c.parameter() + "' lists no values");
        }
        ParameterSpec parent = parameters.get(parentIndex);
        for (String v : c.values()) {
            if (v == null) {
                throw new IllegalArgumentException(where + "on '" + c.parameter() + "' has a null value");
            }
            String never = where + "on '" + c.parameter() + "' names value '" + v
                    + "', which '" + c.parameter() + "' can never take";
            switch (parent) {
                case CategoricalParameter cat -> {
                    if (!cat.choices().contains(v)) {
                        throw new IllegalArgumentException(never + " (choices " + cat.choices() + ")");
                    }
                }
                case IntParameter n -> {
                    long parsed;
                    try {
                        parsed = Long.parseLong(v.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(never + " (not an integer)", e);
                    }
                    if (!n.canTake(parsed)) {
                        throw new IllegalArgumentException(never + " (values " + n.low() + ".."
                                + n.maxValue() + (n.step() > 1 ? " step " + n.step() : "") + ")");
                    }
                }
                case FloatParameter f -> throw new IllegalArgumentException(where + "on '"
                        + c.parameter() + "' is not supported: a float parameter almost never equals"
                        + " a listed value; make '" + c.parameter() + "' an int or categorical");
            }
        }
    }

    /**
     * Whether {@code p} is active given the values chosen so far: it has no condition, or its
     * parent is itself active, present in {@code values}, and has one of the condition's values.
     */
    public boolean isActive(ParameterSpec p, Map<String, Object> values) {
        return isActive(p, values, 0);
    }

    private boolean isActive(ParameterSpec p, Map<String, Object> values, int depth) {
        Condition c = p.condition();
        if (c == null) {
            return true;
        }
        if (depth > parameters.size()) {
            return false; // only reachable for an unvalidated space with a cycle
        }
        Object parentValue = values.get(c.parameter());
        if (parentValue == null) {
            return false;
        }
        Optional<ParameterSpec> parent = parameter(c.parameter());
        if (parent.isEmpty() || !isActive(parent.get(), values, depth + 1)) {
            return false;
        }
        return c.values().contains(conditionKey(parent.get(), parentValue));
    }

    /**
     * The string a condition compares with. An int parent's value is written as an integer even
     * when it arrives as a {@code Long} or an integral {@code Double} (as after a JSON round trip).
     */
    static String conditionKey(ParameterSpec parent, Object value) {
        if (parent instanceof IntParameter && value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                return Long.toString((long) d);
            }
        }
        return String.valueOf(value);
    }
}
