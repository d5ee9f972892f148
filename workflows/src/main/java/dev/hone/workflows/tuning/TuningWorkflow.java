package dev.hone.workflows.tuning;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A hyperparameter study: proposes trials, runs up to {@code parallelism} at once, stops weak
 * trials early from their epoch reports, returns the best.
 */
@WorkflowInterface
public interface TuningWorkflow {

    /** What a study's workflow id adds to its run's. */
    String SUFFIX = "-tuning";

    static String workflowId(String parentWorkflowId) {
        return parentWorkflowId + SUFFIX;
    }

    /** The pipeline workflow that started the study with this workflow id. */
    static String parentWorkflowId(String tuningWorkflowId) {
        if (!tuningWorkflowId.endsWith(SUFFIX)) {
            throw new IllegalArgumentException("'" + tuningWorkflowId + "' is not a study's workflow id");
        }
        return tuningWorkflowId.substring(0, tuningWorkflowId.length() - SUFFIX.length());
    }

    @WorkflowMethod
    TuningResult run(TuningRequest request);

    @QueryMethod
    TuningState state();

    /**
     * A running trial reports an epoch's objective value; the answer is the study's decision:
     * true to stop the trial now, false to go on.
     */
    @UpdateMethod
    boolean report(TrialReport report);

    /** Refuses reports of trials the study is not running (a late report of a finished trial). */
    @UpdateValidatorMethod(updateName = "report")
    void validateReport(TrialReport report);
}
