package dev.hone.workflows.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Compresses a trained model (pruning with fine-tuning, distillation, int8 quantization) and keeps the best
 * candidate inside the run's budget, heartbeating per candidate and per training batch. Runs on a compute queue.
 */
@ActivityInterface
public interface CompressionActivities {

    /** Idempotent per run: a retry returns what the first attempt stored. */
    @ActivityMethod
    Compression compress(CompressRequest request);
}
