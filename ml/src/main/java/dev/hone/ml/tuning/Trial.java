package dev.hone.ml.tuning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One evaluated (or running) configuration of a study, as samplers and pruners see it.
 *
 * @param number position of the trial in the study, from 0
 * @param params the active parameters' values ({@code Double}, {@code Integer} or {@code String});
 *     inactive parameters are absent
 * @param state where the trial stands
 * @param value the final objective value of a {@link TrialState#COMPLETED} trial, else usually
 *     {@code null}
 * @param intermediate the objective after each step (epoch): element {@code i} is step {@code i+1};
 *     NaN for a step whose value could not be computed (a diverged loss)
 * @param cost a study's second objective (always minimized) as measured on a COMPLETED trial; null in a study of
 *     one objective, and for trials that did not complete
 */
public record Trial(int number, Map<String, Object> params, TrialState state, Double value, List<Double> intermediate,
        Double cost) {

    /** A trial of a study with one objective. */
    public Trial(int number, Map<String, Object> params, TrialState state, Double value, List<Double> intermediate) {
        this(number, params, state, value, intermediate, null);
    }

    public Trial {
        if (number < 0) {
            throw new IllegalArgumentException("Trial number must be >= 0, was " + number);
        }
        if (state == null) {
            throw new IllegalArgumentException("Trial " + number + " has no state");
        }
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (intermediate == null) {
            intermediate = List.of();
        } else {
            if (intermediate.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException(
                        "Trial " + number + " has a null intermediate value; use NaN for a missing one");
            }
            intermediate = Collections.unmodifiableList(new ArrayList<>(intermediate));
        }
    }

    public static Trial completed(int number, Map<String, Object> params, double value) {
        return new Trial(number, params, TrialState.COMPLETED, value, List.of());
    }

    public static Trial completed(
            int number, Map<String, Object> params, double value, List<Double> intermediate) {
        return new Trial(number, params, TrialState.COMPLETED, value, intermediate);
    }

    public static Trial pruned(int number, Map<String, Object> params, List<Double> intermediate) {
        return new Trial(number, params, TrialState.PRUNED, null, intermediate);
    }

    public static Trial running(int number, Map<String, Object> params, List<Double> intermediate) {
        return new Trial(number, params, TrialState.RUNNING, null, intermediate);
    }

    /** The last step with a value reported, 0 when none. */
    public int lastStep() {
        return intermediate.size();
    }
}
