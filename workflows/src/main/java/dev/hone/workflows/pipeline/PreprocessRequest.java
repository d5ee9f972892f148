package dev.hone.workflows.pipeline;

import dev.hone.vocabulary.NumericScaling;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.tuning.ParameterDef;
import dev.hone.workflows.tuning.TuningSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Input of the preprocessing stage.
 *
 * @param runId the run (also the idempotency key of the stage)
 * @param datasetVersionId data set version to read
 * @param target target column
 * @param task the task, or null to infer it
 * @param seed split seed
 * @param numericScalings the encodings of numeric columns the run's trainings may use, the run's own first (a
 *     study may search the others); each gets a transform. Null or empty: {@link NumericScaling#STANDARD} alone
 */
public record PreprocessRequest(long runId, long datasetVersionId, String target, Task task, long seed,
        List<NumericScaling> numericScalings) {

    /** The name of the training setting, and of the study parameter, that chooses the encoding. */
    public static final String NUMERIC_SCALING = "numericScaling";

    /**
     * The encodings a run with these settings and this study (or null) may train on: the settings' own
     * ({@link NumericScaling#STANDARD} when they leave it out), then the other choices the study searches.
     */
    public static List<NumericScaling> numericScalings(TrainingSettings training, TuningSpec tuning) {
        List<NumericScaling> out = new ArrayList<>();
        out.add(training == null || training.numericScaling() == null ? NumericScaling.STANDARD
                : training.numericScaling());
        if (tuning != null && tuning.parameters() != null) {
            for (ParameterDef p : tuning.parameters()) {
                if (NUMERIC_SCALING.equals(p.name()) && p.choices() != null) {
                    p.choices().stream().map(NumericScaling::of).filter(s -> !out.contains(s)).forEach(out::add);
                }
            }
        }
        return out;
    }
}
