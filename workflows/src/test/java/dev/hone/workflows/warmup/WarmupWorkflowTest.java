package dev.hone.workflows.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.workflows.common.TaskQueues;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The warm-up at start runs its steps on the control queue and ends; it writes nothing a run could see. */
class WarmupWorkflowTest {

    private final TestWorkflowEnvironment testEnv = TestWorkflowEnvironment.newInstance();

    @AfterEach
    void close() {
        testEnv.close();
    }

    @Test
    void runsEachStepOnTheControlQueueAndEnds() {
        List<String> steps = new CopyOnWriteArrayList<>();
        Worker worker = testEnv.newWorker(TaskQueues.CONTROL);
        worker.registerWorkflowImplementationTypes(WarmupWorkflowImpl.class);
        worker.registerActivitiesImplementations((WarmupActivities) step -> {
            steps.add(step + "@" + Activity.getExecutionContext().getInfo().getActivityTaskQueue());
            return 0;
        });
        testEnv.start();
        String id = WarmupWorkflow.ID_PREFIX + "test";
        WarmupWorkflow warmup = testEnv.getWorkflowClient().newWorkflowStub(WarmupWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId(id).build());

        assertThat(warmup.run(3)).isEqualTo(3);

        assertThat(steps).containsExactly("0@mlops-control", "1@mlops-control", "2@mlops-control");
        assertThat(testEnv.getWorkflowClient().fetchHistory(id).getEvents()).extracting(HistoryEvent::getEventType)
                .filteredOn(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED::equals).hasSize(3);
    }
}
