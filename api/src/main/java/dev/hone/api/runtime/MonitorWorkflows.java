package dev.hone.api.runtime;

import dev.hone.registry.monitor.DriftMonitor;
import dev.hone.registry.monitor.DriftMonitorService;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.monitor.DriftMonitorWorkflow;
import dev.hone.workflows.monitor.MonitorRequest;
import dev.hone.workflows.monitor.MonitorSpec;
import io.quarkus.logging.Log;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Drift monitors' workflows: started from their registry rows (when a monitor is made, and at every start of Hone
 * for the monitors that exist, after the schedules they fire), and signalled, restarting one the workflow service
 * lost. A restored monitor keeps its last alarm (the cool-down) and its run of breaches.
 */
public final class MonitorWorkflows {

    private MonitorWorkflows() {
    }

    /** A monitor's spec as its row records it. */
    public static MonitorSpec spec(DriftMonitor m) {
        return new MonitorSpec(m.scheduleId, m.checkSeconds, m.debounceChecks, m.cooldownSeconds);
    }

    /**
     * Starts the monitor's workflow from its row; false when it runs already (or the monitor is deleted). Its last
     * alarm is the later of the row's and its newest check that raised one: the workflow may have stopped after the
     * alarm and before it wrote its state.
     */
    public static boolean start(WorkflowClient client, DriftMonitorService monitors, DriftMonitor m) {
        if (DriftMonitor.DELETED.equals(m.status)) {
            return false;
        }
        Long lastAlarm = m.lastAlarmAt == null ? null : m.lastAlarmAt.toEpochMilli();
        Long checked = monitors.lastAlarm(m.id).map(Instant::toEpochMilli).orElse(null);
        if (checked != null && (lastAlarm == null || checked > lastAlarm)) {
            lastAlarm = checked;
        }
        DriftMonitorWorkflow workflow = client.newWorkflowStub(DriftMonitorWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(m.workflowId).setTaskQueue(TaskQueues.CONTROL).build());
        try {
            WorkflowClient.start(workflow::run, new MonitorRequest(m.id, spec(m), DriftMonitor.PAUSED.equals(m.status),
                    m.breaches, lastAlarm));
            return true;
        } catch (WorkflowExecutionAlreadyStarted alreadyRunning) {
            return false;
        }
    }

    /** Signals the monitor's workflow, starting it again first when the workflow service no longer has it. */
    public static void signal(WorkflowClient client, DriftMonitorService monitors, DriftMonitor m,
            Consumer<DriftMonitorWorkflow> signal) {
        try {
            signal.accept(client.newWorkflowStub(DriftMonitorWorkflow.class, m.workflowId));
        } catch (WorkflowNotFoundException lost) {
            Log.warnf("The workflow of the drift monitor on '%s' was gone; started again from its record",
                    m.deployment);
            start(client, monitors, m);
            signal.accept(client.newWorkflowStub(DriftMonitorWorkflow.class, m.workflowId));
        }
    }

    /** Starts the workflow of every monitor that exists and has none running; returns how many. */
    static int restoreAll(WorkflowClient client, DriftMonitorService monitors) {
        int started = 0;
        for (DriftMonitor m : monitors.list()) {
            try {
                started += start(client, monitors, m) ? 1 : 0;
            } catch (RuntimeException e) {
                Log.errorf(e, "The workflow of the drift monitor on '%s' could not be started; it checks once it is "
                        + "(the next start of Hone, or a change to it)", m.deployment);
            }
        }
        return started;
    }
}
