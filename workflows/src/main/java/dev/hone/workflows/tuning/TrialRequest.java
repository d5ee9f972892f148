package dev.hone.workflows.tuning;

import dev.hone.workflows.pipeline.StageArtifacts;
import dev.hone.workflows.pipeline.TrainingSettings;

/**
 * One trial to train.
 *
 * @param studyId the study
 * @param number trial number (with the study, the idempotency key)
 * @param data preprocessed splits
 * @param settings training settings
 * @param seed training seed
 */
public record TrialRequest(long studyId, int number, StageArtifacts data, TrainingSettings settings, long seed) {
}
