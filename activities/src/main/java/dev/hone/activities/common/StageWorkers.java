package dev.hone.activities.common;

import dev.hone.workflows.common.TaskQueues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One stage's part of the workers: for each task queue the stage uses, the workflow
 * implementations and activity objects that run there. A stage declares its part once, as a CDI
 * bean next to its activity implementations (see {@code PipelineWorkers}); the application collects
 * every declared part and registers it on the task queues its role polls. Adding a stage adds one
 * declaration and edits no runtime code.
 *
 * @param stage the stage's name, for logs and errors
 * @param work what the stage runs on each of its task queues, each queue once
 */
public record StageWorkers(String stage, List<QueueWork> work) {

    /**
     * What a stage runs on one task queue.
     *
     * @param queue the task queue
     * @param workflows workflow implementation classes polled from it
     * @param activities activity implementation objects polled from it
     */
    public record QueueWork(String queue, List<Class<?>> workflows, List<Object> activities) {
        public QueueWork {
            Objects.requireNonNull(queue, "queue");
            workflows = List.copyOf(workflows);
            activities = List.copyOf(activities);
        }
    }

    public StageWorkers {
        if (stage == null || stage.isBlank()) {
            throw new IllegalArgumentException("A stage's workers need the stage's name");
        }
        work = List.copyOf(work);
        if (work.stream().map(QueueWork::queue).distinct().count() != work.size()) {
            throw new IllegalArgumentException("Stage " + stage + " declares a task queue twice: " + work);
        }
    }

    /** What this stage runs on {@code queue}, if it uses the queue. */
    public Optional<QueueWork> on(String queue) {
        return work.stream().filter(w -> w.queue().equals(queue)).findFirst();
    }

    /** Starts the declaration of stage {@code name}. */
    public static Builder stage(String name) {
        return new Builder(name);
    }

    /** Collects a stage's workflows and activities per task queue, in the order given. */
    public static final class Builder {
        private final String stage;
        private final Map<String, List<Class<?>>> workflows = new LinkedHashMap<>();
        private final Map<String, List<Object>> activities = new LinkedHashMap<>();

        private Builder(String stage) {
            this.stage = stage;
        }

        /** Workflow implementations polled from {@code queue}. */
        public Builder workflows(String queue, Class<?>... implementations) {
            add(workflows, queue, List.of(implementations));
            activities.computeIfAbsent(queue, q -> new ArrayList<>());
            return this;
        }

        /** Activity implementations polled from {@code queue}. */
        public Builder activities(String queue, Object... implementations) {
            add(activities, queue, List.of(implementations));
            workflows.computeIfAbsent(queue, q -> new ArrayList<>());
            return this;
        }

        /**
         * Activity implementations polled from every compute queue ({@link TaskQueues#COMPUTE}): a
         * run's device picks the queue, and a CPU or a GPU worker runs the same code.
         */
        public Builder computeActivities(Object... implementations) {
            for (String queue : TaskQueues.COMPUTE) {
                activities(queue, implementations);
            }
            return this;
        }

        public StageWorkers build() {
            List<QueueWork> work = new ArrayList<>();
            workflows.forEach((queue, types) -> work.add(new QueueWork(queue, types, activities.get(queue))));
            return new StageWorkers(stage, work);
        }

        private static <T> void add(Map<String, List<T>> byQueue, String queue, List<T> items) {
            if (queue == null || queue.isBlank()) {
                throw new IllegalArgumentException("A task queue name is missing");
            }
            byQueue.computeIfAbsent(queue, q -> new ArrayList<>()).addAll(items);
        }
    }
}
