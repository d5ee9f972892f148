package dev.hone.ml.preprocess;

import dev.hone.vocabulary.Task;
/**
 * The output of {@link Preprocessor#run}: the task (given or inferred), the split, the transform
 * fitted on the train split, and the quality report on the whole table.
 */
public record PreprocessingResult(
        Task task, DataSplit split, FittedTransform transform, DataQualityReport quality) {}
