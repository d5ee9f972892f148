package dev.hone.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.activities.common.StageWorkers;
import dev.hone.activities.common.StageWorkers.QueueWork;
import dev.hone.workflows.common.TaskQueues;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which queues each role polls, and what runs there, from the stages' own declarations. */
class WorkerPlanTest {

    static class RunWorkflow {
    }

    static class StudyWorkflow {
    }

    static class Bookkeeping {
    }

    static class Training {
    }

    static class Trials {
    }

    static class Compression {
    }

    private final Bookkeeping bookkeeping = new Bookkeeping();
    private final Training training = new Training();
    private final Trials trials = new Trials();

    private final List<StageWorkers> stages = List.of(
            StageWorkers.stage("pipeline").workflows(TaskQueues.CONTROL, RunWorkflow.class)
                    .activities(TaskQueues.CONTROL, bookkeeping).computeActivities(training).build(),
            StageWorkers.stage("tuning").workflows(TaskQueues.CONTROL, StudyWorkflow.class)
                    .computeActivities(trials).build());

    @Test
    void anEmbeddedProcessPollsEveryQueueWithEveryStagesPart() {
        WorkerPlan plan = WorkerPlan.of(HoneConfig.Mode.EMBEDDED, true, List.of(), stages);

        assertThat(plan.names()).containsExactly(TaskQueues.CONTROL, TaskQueues.CPU, TaskQueues.GPU);
        QueueWork control = plan.queues().get(0);
        assertThat(control.workflows()).containsExactlyInAnyOrder(RunWorkflow.class, StudyWorkflow.class);
        assertThat(control.activities()).containsExactly(bookkeeping);
        assertThat(plan.queues().get(1).activities()).containsExactlyInAnyOrder(training, trials);
        assertThat(plan.queues().get(1).workflows()).isEmpty();
        assertThat(plan.queues().get(2).activities()).containsExactlyInAnyOrder(training, trials);
    }

    @Test
    void anEmbeddedProcessWhoseComputeRunsInWorkerProcessesPollsTheControlQueueOnly() {
        assertThat(WorkerPlan.of(HoneConfig.Mode.EMBEDDED, false, List.of(), stages).names())
                .containsExactly(TaskQueues.CONTROL);
    }

    @Test
    void aServerPollsTheControlQueueOnly() {
        assertThat(WorkerPlan.of(HoneConfig.Mode.SERVER, true, List.of(TaskQueues.CPU), stages).names())
                .containsExactly(TaskQueues.CONTROL);
    }

    @Test
    void aWorkerPollsTheQueuesItIsGivenWithTheComputeOfEveryStage() {
        WorkerPlan plan = WorkerPlan.of(HoneConfig.Mode.WORKER, true, List.of(" mlops-gpu", TaskQueues.GPU), stages);

        assertThat(plan.names()).containsExactly(TaskQueues.GPU);
        assertThat(plan.queues().get(0).activities()).containsExactlyInAnyOrder(training, trials);
        assertThat(plan.queues().get(0).workflows()).isEmpty();
    }

    @Test
    void aNewStageIsPolledFromItsDeclarationAlone() {
        Compression compression = new Compression();
        List<StageWorkers> withCompression = List.of(stages.get(0), stages.get(1),
                StageWorkers.stage("compression").computeActivities(compression).build());

        WorkerPlan worker = WorkerPlan.of(HoneConfig.Mode.WORKER, true, List.of(TaskQueues.CPU), withCompression);

        assertThat(worker.queues().get(0).activities()).containsExactlyInAnyOrder(training, trials, compression);
    }

    @Test
    void aWorkerQueueNoStagePollsIsRefusedNamingItAndTheQueuesThatExist() {
        assertThatThrownBy(() -> WorkerPlan.of(HoneConfig.Mode.WORKER, true, List.of("mlops-cpuu"), stages))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hone.runtime.worker-queues").hasMessageContaining("'mlops-cpuu'")
                .hasMessageContaining(TaskQueues.CPU).hasMessageContaining(TaskQueues.CONTROL);
        assertThatThrownBy(() -> WorkerPlan.of(HoneConfig.Mode.WORKER, true, List.of(), stages))
                .hasMessageContaining("hone.runtime.worker-queues is empty");
    }

    @Test
    void twoStagesRunningTheSameImplementationOnOneQueueAreRefused() {
        List<StageWorkers> clash = List.of(stages.get(0),
                StageWorkers.stage("retraining").workflows(TaskQueues.CONTROL, RunWorkflow.class).build());

        assertThatThrownBy(() -> WorkerPlan.of(HoneConfig.Mode.EMBEDDED, true, List.of(), clash))
                .hasMessageContaining("pipeline").hasMessageContaining("retraining")
                .hasMessageContaining(RunWorkflow.class.getName());
    }

    @Test
    void noStageAtAllIsRefused() {
        assertThatThrownBy(() -> WorkerPlan.of(HoneConfig.Mode.EMBEDDED, true, List.of(), List.of()))
                .hasMessageContaining("No stage declares");
    }
}
