package dev.hone.workflows.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import org.junit.jupiter.api.Test;

/** A stage that stops answering is reported with what it was doing and how long it ran, not as a raw timeout. */
class TimedOutStageMessageTest {

    private static ActivityFailure failed(Throwable cause) {
        return new ActivityFailure("Activity task timed out", 5, 6, "Preprocess", "1", RetryState.RETRY_STATE_TIMEOUT,
                "worker", cause);
    }

    @Test
    void aHeartbeatTimeoutNamesTheStageItsLastReportAndItsTime() {
        TimeoutFailure timeout = new TimeoutFailure("timeout",
                "loading the data set: 655,360 of 1,000,000 rows, 110.2 MB read", TimeoutType.TIMEOUT_TYPE_HEARTBEAT);

        String message = ModelOptimizationWorkflowImpl.timedOut(failed(timeout), PipelineStage.PREPROCESS, 130_000,
                "Timed out: TIMEOUT_TYPE_HEARTBEAT");

        assertThat(message).isEqualTo("PREPROCESS stopped answering after 2 min 10 s in the stage: its worker sent no"
                + " heartbeat for 20 s (its last report: loading the data set: 655,360 of 1,000,000 rows, 110.2 MB"
                + " read). The worker may have run out of memory or been stopped; its log says more.");
    }

    @Test
    void aStageThatNeverReportedSaysSo() {
        TimeoutFailure timeout = new TimeoutFailure("timeout", null, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);

        String message = ModelOptimizationWorkflowImpl.timedOut(failed(timeout), PipelineStage.TRAIN, 21_600_000,
                "Timed out");

        assertThat(message).isEqualTo("TRAIN ran longer than its limit of 6 h (it had reported no progress) after 6 h"
                + " in the stage.");
    }

    @Test
    void otherFailuresKeepTheirMessage() {
        ActivityFailure failure = failed(ApplicationFailure.newFailure("Target column 'x' has no values",
                "INVALID_INPUT"));

        assertThat(ModelOptimizationWorkflowImpl.timedOut(failure, PipelineStage.PREPROCESS, 1_000,
                "Target column 'x' has no values")).isEqualTo("Target column 'x' has no values");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(ModelOptimizationWorkflowImpl.duration(45_400)).isEqualTo("45 s");
        assertThat(ModelOptimizationWorkflowImpl.duration(120_000)).isEqualTo("2 min");
        assertThat(ModelOptimizationWorkflowImpl.duration(3_725_000)).isEqualTo("1 h 2 min");
    }

    @Test
    void aStageNoWorkerTookInTimeSaysWhatToStart() {
        TimeoutFailure timeout = new TimeoutFailure("timeout", null, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);

        String message = ModelOptimizationWorkflowImpl.timedOut(failed(timeout), PipelineStage.TRAIN,
                ModelOptimizationWorkflowImpl.GPU_WAIT.toMillis(), "Timed out: TIMEOUT_TYPE_SCHEDULE_TO_START");

        assertThat(message).isEqualTo("TRAIN waited 1 h for a worker on its task queue and none took it: no worker"
                + " polls it. For a GPU run, start a worker with HONE_RUNTIME_WORKER_QUEUES=mlops-gpu, or run with"
                + " device CPU.");
    }
}
