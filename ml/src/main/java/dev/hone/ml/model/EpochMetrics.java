package dev.hone.ml.model;

/**
 * Progress after one epoch.
 *
 * @param epoch 1 for the first epoch
 * @param trainLoss mean training loss over the epoch's batches (dropout on, no L2 term)
 * @param validationLoss loss on the validation set (dropout off, no L2 term)
 * @param validationMetric accuracy for a classifier; RMSE of the standardized target for a
 *     regressor
 * @param millis wall time of the epoch
 */
public record EpochMetrics(
        int epoch, double trainLoss, double validationLoss, double validationMetric, long millis) {}
