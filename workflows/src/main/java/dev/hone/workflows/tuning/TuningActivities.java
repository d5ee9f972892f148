package dev.hone.workflows.tuning;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Study bookkeeping and proposals. Runs on the control queue; every method is idempotent. */
@ActivityInterface
public interface TuningActivities {

    /** Creates (or finds) the study of a run's current attempt; refuses an invalid space. */
    @ActivityMethod
    long createStudy(TuningRequest request);

    /** Proposes trial {@code number} from the finished trials; a repeated call returns the same proposal. */
    @ActivityMethod
    TrialProposal propose(long studyId, int number);

    /** Records a trial that failed for good. */
    @ActivityMethod
    void trialFailed(long studyId, int number, String error);

    /** Closes the study and returns its best trial. */
    @ActivityMethod
    TuningResult finish(long studyId);
}
