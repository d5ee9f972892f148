package dev.hone.workflows.tuning;

import dev.hone.workflows.pipeline.StageArtifacts;
import dev.hone.workflows.pipeline.TrainingSettings;

/**
 * Input of a study.
 *
 * @param runId the run the study belongs to
 * @param data preprocessed splits
 * @param base settings for everything the space does not search
 * @param spec the study
 * @param seed study seed (proposals and trial training)
 * @param device CPU, GPU or AUTO
 */
public record TuningRequest(long runId, StageArtifacts data, TrainingSettings base, TuningSpec spec, long seed,
        String device) {
}
