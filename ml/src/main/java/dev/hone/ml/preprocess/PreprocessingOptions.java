package dev.hone.ml.preprocess;

import dev.hone.vocabulary.NumericScaling;
import dev.hone.vocabulary.Task;
/**
 * How to preprocess a table.
 *
 * @param target the column to predict
 * @param task the task, or null to infer it from the target column
 * @param seed seed for the split
 * @param trainFraction share of rows for training (default 0.7)
 * @param validationFraction share for validation (default 0.15); the test set gets the rest
 * @param maxCategories one-hot slots per categorical column, plus one "other" slot (default 20)
 * @param numericScaling how numeric columns are scaled (default {@link #DEFAULT_NUMERIC_SCALING})
 */
public record PreprocessingOptions(
        String target,
        Task task,
        long seed,
        double trainFraction,
        double validationFraction,
        int maxCategories,
        NumericScaling numericScaling) {

    public static final double DEFAULT_TRAIN_FRACTION = 0.7;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.15;
    public static final int DEFAULT_MAX_CATEGORIES = 20;
    public static final NumericScaling DEFAULT_NUMERIC_SCALING = NumericScaling.STANDARD;

    public PreprocessingOptions {
        if (target == null || target.isBlank()) {
            throw new PreprocessingException("target: a target column is required");
        }
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new PreprocessingException(
                    "trainFraction must be between 0 and 1 (exclusive), was " + trainFraction);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new PreprocessingException(
                    "validationFraction must be between 0 and 1 (exclusive), was "
                            + validationFraction);
        }
        if (trainFraction + validationFraction >= 1) {
            throw new PreprocessingException(
                    "trainFraction + validationFraction must be below 1 to leave rows for the test"
                            + " set, was " + (trainFraction + validationFraction));
        }
        if (maxCategories < 1) {
            throw new PreprocessingException("maxCategories must be at least 1, was " + maxCategories);
        }
        if (numericScaling == null) {
            numericScaling = DEFAULT_NUMERIC_SCALING;
        }
    }

    public PreprocessingOptions(String target, Task task, long seed, double trainFraction, double validationFraction,
            int maxCategories) {
        this(target, task, seed, trainFraction, validationFraction, maxCategories, DEFAULT_NUMERIC_SCALING);
    }

    public static PreprocessingOptions defaults(String target, long seed) {
        return new PreprocessingOptions(
                target, null, seed, DEFAULT_TRAIN_FRACTION, DEFAULT_VALIDATION_FRACTION,
                DEFAULT_MAX_CATEGORIES);
    }

    public double testFraction() {
        return 1 - trainFraction - validationFraction;
    }

    public PreprocessingOptions withTask(Task newTask) {
        return new PreprocessingOptions(
                target, newTask, seed, trainFraction, validationFraction, maxCategories, numericScaling);
    }
}
