package dev.hone.workflows.pipeline;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Validates the model a version will serve: each part of its passport in its own activity, then the passport
 * merged and judged by the run's gate. Runs on a compute queue.
 */
@ActivityInterface
public interface ValidationActivities {

    /** Measures one part; a retry measures the same (the parts are seeded by the run). */
    @ActivityMethod
    ValidationPartResult measure(ValidateRequest request, ValidationPart part);

    /** Merges the parts into the passport and judges it; idempotent per run: a retry returns what was stored. */
    @ActivityMethod
    Validation judge(ValidateRequest request, List<ValidationPartResult> parts);
}
