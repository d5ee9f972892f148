package dev.hone.workflows.tuning;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A hyperparameter study: proposes trials, runs up to {@code parallelism} at once, returns the best.
 * Running trials stop themselves early by the study's rule, from the curves stored in the registry
 * (see {@link TuningWorkflowImpl}); the study's query counts them.
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
     * The first release's early stopping: a running trial reported each epoch's objective value and
     * the answer was the study's decision, true to stop the trial now. Studies it started still
     * take reports (their histories hold them); studies started since refuse them, since their
     * trials decide themselves.
     */
    @UpdateMethod
    boolean report(TrialReport report);

    /**
     * Refuses reports of trials the study is not running (a late report of a finished trial), and every
     * report to a study whose trials decide themselves.
     */
    @UpdateValidatorMethod(updateName = "report")
    void validateReport(TrialReport report);
}
