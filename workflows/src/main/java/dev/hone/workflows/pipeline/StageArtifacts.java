package dev.hone.workflows.pipeline;

import dev.hone.vocabulary.NumericScaling;
import dev.hone.vocabulary.Task;
import java.util.List;
import java.util.Map;

/**
 * What preprocessing produced, as artifact references (SHA-256 digests in the artifact store).
 *
 * @param task the task actually used (given or inferred)
 * @param trainSplit artifact of the training split
 * @param validationSplit artifact of the validation split
 * @param testSplit artifact of the test split
 * @param transform artifact of the fitted transform, in the run's own encoding of numeric columns
 * @param qualityReport artifact of the data-quality report
 * @param classLabels class labels (classification), empty for regression
 * @param featureCount number of model inputs after the transform
 * @param rows train, validation and test row counts
 * @param transforms the fitted transform of each encoding of numeric columns the run's trainings may use
 *     ({@code transform} among them); null in stage outputs written before runs fitted more than one
 */
public record StageArtifacts(
        Task task,
        String trainSplit,
        String validationSplit,
        String testSplit,
        String transform,
        String qualityReport,
        List<String> classLabels,
        int featureCount,
        List<Integer> rows,
        Map<NumericScaling, String> transforms) {

    /**
     * The transform that builds a training's inputs in this encoding of numeric columns.
     *
     * @throws IllegalArgumentException when preprocessing fitted none for it (a training asked for an
     *     encoding neither the run nor its study named)
     */
    public String transform(NumericScaling scaling) {
        if (transforms == null) {
            return transform; // written when a run had one transform, in the encoding its configs name
        }
        String t = transforms.get(scaling);
        if (t == null) {
            throw new IllegalArgumentException("numericScaling: the run's preprocessing fitted no " + scaling
                    + " transform, only " + transforms.keySet() + "; name it in the run's training settings or in"
                    + " its study's choices");
        }
        return t;
    }

    /** The same data with another training split (a study's row sample) of {@code trainRows} rows. */
    public StageArtifacts withTrainSplit(String split, int trainRows) {
        return new StageArtifacts(task, split, validationSplit, testSplit, transform, qualityReport, classLabels,
                featureCount, List.of(trainRows, rows.get(1), rows.get(2)), transforms);
    }
}
