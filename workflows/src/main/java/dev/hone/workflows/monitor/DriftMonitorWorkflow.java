package dev.hone.workflows.monitor;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One drift monitor on a deployment, for as long as it exists: every few minutes it has the traffic its deployment
 * served over a sliding window judged against the served version's passport (an activity reads the serving windows
 * and writes the check), and when the thresholds hold for {@link MonitorSpec#debounceChecks()} checks in a row, and
 * the last alarm is older than the cool-down, it signals its schedule's workflow to retrain (a {@code DRIFT} fire
 * that names the check: the evidence). It never sees a prediction: serving writes windowed counts, the monitor reads
 * them. It continues as new every {@value DriftMonitorWorkflowImpl#CHECKS_PER_RUN} checks.
 */
@WorkflowInterface
public interface DriftMonitorWorkflow {

    /** The workflow id of a monitor's workflow. */
    static String workflowId(long monitorId) {
        return "drift-monitor-" + monitorId;
    }

    @WorkflowMethod
    void run(MonitorRequest request);

    @QueryMethod
    MonitorState state();

    @SignalMethod
    void pause(String by);

    @SignalMethod
    void resume(String by);

    /** A new spec, from the next check on (thresholds are read from the registry at every check). */
    @SignalMethod
    void update(MonitorSpec spec, String by);

    /** Checks now, paused or not (an alarm still needs its run of breaches and the cool-down). */
    @SignalMethod
    void checkNow(String by);

    /** Ends the monitor. */
    @SignalMethod
    void delete(String by);
}
