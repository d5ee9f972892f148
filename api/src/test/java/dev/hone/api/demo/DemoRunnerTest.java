package dev.hone.api.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's time inside compute activities, read from a run's history. */
class DemoRunnerTest {

    private final List<HistoryEvent> history = new ArrayList<>();

    @Test
    void countsComputeActivitiesOnlyAndParallelOnesOnce() {
        long train = scheduled("mlops-cpu", 0);
        started(train, 100);
        completed(train, 600);
        long record = scheduled("mlops-control", 610);
        started(record, 650);
        completed(record, 700);
        long part1 = scheduled("mlops-cpu", 750);
        long part2 = scheduled("mlops-cpu", 750);
        started(part1, 800);
        started(part2, 820);
        completed(part1, 1000);
        completed(part2, 1100);
        long gpu = scheduled("mlops-gpu", 1200);
        started(gpu, 1300);
        completed(gpu, 1350);
        long failed = scheduled("mlops-cpu", 1400);
        started(failed, 1400); // never completed: not counted

        // 500 (train) + 300 (the two parts, overlapping) + 50 (gpu); the bookkeeping step is not compute.
        assertThat(DemoRunner.computeActivityMillis(history)).isEqualTo(850);
    }

    private long scheduled(String queue, long at) {
        return add(HistoryEvent.newBuilder().setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .setActivityTaskScheduledEventAttributes(ActivityTaskScheduledEventAttributes.newBuilder()
                        .setTaskQueue(TaskQueue.newBuilder().setName(queue))), at);
    }

    private void started(long scheduledId, long at) {
        add(HistoryEvent.newBuilder().setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                .setActivityTaskStartedEventAttributes(ActivityTaskStartedEventAttributes.newBuilder()
                        .setScheduledEventId(scheduledId)), at);
    }

    private void completed(long scheduledId, long at) {
        add(HistoryEvent.newBuilder().setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                .setActivityTaskCompletedEventAttributes(ActivityTaskCompletedEventAttributes.newBuilder()
                        .setScheduledEventId(scheduledId)), at);
    }

    private long add(HistoryEvent.Builder event, long atMillis) {
        long id = history.size() + 1;
        history.add(event.setEventId(id).setEventTime(Timestamp.newBuilder().setSeconds(1_700_000_000L + atMillis / 1000)
                .setNanos((int) (atMillis % 1000) * 1_000_000)).build());
        return id;
    }
}
