package dev.hone.workflows.tuning;

import dev.hone.workflows.pipeline.TrainingSettings;

/**
 * Outcome of a study.
 *
 * @param studyId registry id of the study
 * @param bestTrial number of the best trial
 * @param bestValue its objective value
 * @param bestSettings the training settings the final model trains with: the best trial's, averaging five
 *     networks unless the run set ensembleSize
 * @param completed trials that ran to the end
 * @param pruned trials stopped early
 * @param failed trials that failed
 */
public record TuningResult(long studyId, int bestTrial, double bestValue, TrainingSettings bestSettings,
        int completed, int pruned, int failed) {
}
