package dev.hone.api.runtime;

import dev.hone.registry.schedule.Schedule;
import dev.hone.registry.schedule.ScheduleFire;
import dev.hone.registry.schedule.ScheduleService;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.schedule.CatchUpPolicy;
import dev.hone.workflows.schedule.FireCause;
import dev.hone.workflows.schedule.OverlapPolicy;
import dev.hone.workflows.schedule.RetrainingScheduleWorkflow;
import dev.hone.workflows.schedule.ScheduleRequest;
import dev.hone.workflows.schedule.ScheduleSpec;
import io.quarkus.logging.Log;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.function.Consumer;

/**
 * Schedules' workflows: started from their registry rows (when a schedule is made, and at every start of Hone for
 * the schedules that exist: the embedded workflow service keeps nothing across restarts, and a real cluster's
 * workflow that still runs is left as it is), and signalled, restarting one the workflow service lost.
 */
public final class ScheduleWorkflows {

    /** Newest fires read at a restore, for the last time fired for. */
    private static final int RESTORE_FIRES = 10;

    private ScheduleWorkflows() {
    }

    /** A schedule's spec as its row records it. */
    public static ScheduleSpec spec(Schedule s) {
        return new ScheduleSpec(s.cron, s.intervalSeconds, s.zone, OverlapPolicy.valueOf(s.overlap),
                CatchUpPolicy.valueOf(s.catchUp), s.deployment, s.newDataMinIntervalSeconds);
    }

    /**
     * Starts the schedule's workflow from its row; false when it runs already. It goes on from the row's last fire
     * or the newest time it recorded a fire for, whichever is later (catching up by its policy), with the newest
     * run it started as the one that may be in flight (and followed, when the schedule has a deployment and nothing
     * followed that run yet); a fire that was buffered when the workflow was lost is not restored.
     */
    public static boolean start(WorkflowClient client, ScheduleService schedules, Schedule s) {
        if (Schedule.DELETED.equals(s.status)) {
            return false;
        }
        List<ScheduleFire> newest = schedules.fires(List.of(s.id), RESTORE_FIRES).getOrDefault(s.id, List.of());
        ScheduleFire lastRun = newest.stream().filter(f -> f.runId != null).findFirst().orElse(null);
        Long running = lastRun == null ? null : lastRun.runId;
        // A run whose follow-up (a rollout on the deployment) was not recorded yet is followed again.
        Long following = lastRun != null && s.deployment != null && lastRun.followUp == null ? running : null;
        // The last scheduled time fired for: the workflow may have recorded a fire and stopped before it wrote its
        // state, so the fires count too (else that time would be taken for a missed one).
        Long lastFire = s.lastFireAt == null ? null : s.lastFireAt.toEpochMilli();
        for (ScheduleFire f : newest) {
            if (FireCause.SCHEDULE.name().equals(f.cause) || FireCause.CATCH_UP.name().equals(f.cause)) {
                long at = f.fireTime.toEpochMilli();
                lastFire = lastFire == null ? at : Math.max(lastFire, at);
            }
        }
        RetrainingScheduleWorkflow workflow = client.newWorkflowStub(RetrainingScheduleWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(s.workflowId).setTaskQueue(TaskQueues.CONTROL).build());
        try {
            WorkflowClient.start(workflow::run, new ScheduleRequest(s.id, spec(s), Schedule.PAUSED.equals(s.status),
                    lastFire, running, false, following));
            return true;
        } catch (WorkflowExecutionAlreadyStarted alreadyRunning) {
            return false;
        }
    }

    /** Signals the schedule's workflow, starting it again first when the workflow service no longer has it. */
    public static void signal(WorkflowClient client, ScheduleService schedules, Schedule s,
            Consumer<RetrainingScheduleWorkflow> signal) {
        try {
            signal.accept(client.newWorkflowStub(RetrainingScheduleWorkflow.class, s.workflowId));
        } catch (WorkflowNotFoundException lost) {
            Log.warnf("The workflow of schedule '%s' was gone; started again from its record", s.name);
            start(client, schedules, s);
            signal.accept(client.newWorkflowStub(RetrainingScheduleWorkflow.class, s.workflowId));
        }
    }

    /** Starts the workflow of every schedule that exists and has none running; returns how many. */
    static int restoreAll(WorkflowClient client, ScheduleService schedules) {
        int started = 0;
        for (Schedule s : schedules.list()) {
            try {
                started += start(client, schedules, s) ? 1 : 0;
            } catch (RuntimeException e) {
                Log.errorf(e, "The workflow of schedule '%s' could not be started; it fires once it is (the next "
                        + "start of Hone, or a change to it)", s.name);
            }
        }
        return started;
    }
}
