package dev.hone.workflows.tuning;

import dev.hone.workflows.pipeline.TrainingSettings;

/**
 * A proposed trial.
 *
 * @param number trial number within the study
 * @param settings complete training settings for the trial
 */
public record TrialProposal(int number, TrainingSettings settings) {
}
