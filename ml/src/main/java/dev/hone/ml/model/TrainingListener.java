package dev.hone.ml.model;

/**
 * Hears about training progress, on the training thread. Throwing a RuntimeException from either
 * method aborts training: the exception reaches the caller of the trainer, after every native
 * resource has been released.
 */
public interface TrainingListener {

    /** After each epoch's validation. */
    void onEpoch(EpochMetrics m);

    /** After each optimizer step; {@code batch} counts from 1 to {@code batches}. */
    default void onBatch(int epoch, int batch, int batches) {}

    /** A listener that does nothing. */
    TrainingListener NONE = m -> {};
}
