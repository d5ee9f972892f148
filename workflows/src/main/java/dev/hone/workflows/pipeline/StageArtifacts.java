package dev.hone.workflows.pipeline;

import dev.hone.vocabulary.Task;
import java.util.List;

/**
 * What preprocessing produced, as artifact references (SHA-256 digests in the artifact store).
 *
 * @param task the task actually used (given or inferred)
 * @param trainSplit artifact of the training split
 * @param validationSplit artifact of the validation split
 * @param testSplit artifact of the test split
 * @param transform artifact of the fitted transform
 * @param qualityReport artifact of the data-quality report
 * @param classLabels class labels (classification), empty for regression
 * @param featureCount number of model inputs after the transform
 * @param rows train, validation and test row counts
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
        List<Integer> rows) {

    /** The same data with another training split (a study's row sample) of {@code trainRows} rows. */
    public StageArtifacts withTrainSplit(String split, int trainRows) {
        return new StageArtifacts(task, split, validationSplit, testSplit, transform, qualityReport, classLabels,
                featureCount, List.of(trainRows, rows.get(1), rows.get(2)));
    }
}
