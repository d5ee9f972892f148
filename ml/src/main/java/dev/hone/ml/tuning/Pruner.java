package dev.hone.ml.tuning;

import dev.hone.vocabulary.Direction;
import java.util.List;

/**
 * Decides, after each step (epoch) of a trial, whether to stop it early. Like {@link Sampler}, a
 * decision is a pure function of its arguments; pruners hold no state.
 */
public interface Pruner {

    /**
     * @param trial the trial being trained; {@code trial.intermediate()} holds its values for steps
     *     {@code 1..step} (at least {@code step} values)
     * @param step the step just finished, from 1
     * @param others every other trial of the study, in any state, with their intermediate values
     *     (the trial itself, if present, is ignored by number)
     * @param direction whether the objective is minimized or maximized
     * @return true to stop the trial now
     */
    boolean shouldStop(Trial trial, int step, List<Trial> others, Direction direction);
}
