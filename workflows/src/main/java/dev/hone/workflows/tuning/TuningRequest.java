package dev.hone.workflows.tuning;

import dev.hone.vocabulary.Device;
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
 * @param device picks the compute task queue
 * @param progress null for a new study; what the earlier runs did when the study continues as new
 * @param trialsPerRun trials one workflow run starts before the study continues as new; 0 for
 *     {@link TuningWorkflowImpl#TRIALS_PER_RUN}
 */
public record TuningRequest(long runId, StageArtifacts data, TrainingSettings base, TuningSpec spec, long seed,
        Device device, TuningProgress progress, int trialsPerRun) {

    /** A new study, continuing as new after the default number of trials. */
    public TuningRequest(long runId, StageArtifacts data, TrainingSettings base, TuningSpec spec, long seed,
            Device device) {
        this(runId, data, base, spec, seed, device, null, 0);
    }

    /** The same study, continued in a new workflow run from {@code progress}. */
    TuningRequest continuedFrom(TuningProgress progress) {
        return new TuningRequest(runId, data, base, spec, seed, device, progress, trialsPerRun);
    }
}
