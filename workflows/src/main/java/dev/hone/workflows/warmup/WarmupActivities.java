package dev.hone.workflows.warmup;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The warm-up's step on the control queue. */
@ActivityInterface
public interface WarmupActivities {

    /** Reads the registry in one transaction, as a run's record is read and written; changes nothing. */
    @ActivityMethod
    long warmUp(int step);
}
