package dev.hone.api.runtime;

import dev.hone.activities.common.StageWorkers;
import dev.hone.activities.common.StageWorkers.QueueWork;
import dev.hone.workflows.common.TaskQueues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The task queues this process polls and what runs on each: the parts every stage declares, on the
 * queues of this process's role. An embedded process polls every declared queue (only the control
 * queues, those that are not compute queues, when its compute runs in worker processes); a server
 * the control queues; a worker the queues it is given, each of which some stage must declare.
 *
 * @param queues what this process runs, one entry per task queue, in name order
 */
record WorkerPlan(List<QueueWork> queues) {

    static WorkerPlan of(HoneConfig.Mode mode, boolean localCompute, List<String> workerQueues,
            List<StageWorkers> stages) {
        if (stages.isEmpty()) {
            throw new IllegalStateException("No stage declares its workflows and activities (StageWorkers beans)");
        }
        Map<String, List<Class<?>>> workflows = new TreeMap<>();
        Map<String, List<Object>> activities = new TreeMap<>();
        Map<String, String> declaredBy = new HashMap<>();
        for (StageWorkers stage : stages) {
            for (QueueWork work : stage.work()) {
                for (Class<?> type : work.workflows()) {
                    claim(declaredBy, work.queue(), type, stage.stage());
                }
                for (Object activity : work.activities()) {
                    claim(declaredBy, work.queue(), activity.getClass(), stage.stage());
                }
                workflows.computeIfAbsent(work.queue(), q -> new ArrayList<>()).addAll(work.workflows());
                activities.computeIfAbsent(work.queue(), q -> new ArrayList<>()).addAll(work.activities());
            }
        }
        List<String> polled = switch (mode) {
            case EMBEDDED -> workflows.keySet().stream()
                    .filter(q -> localCompute || !TaskQueues.COMPUTE.contains(q)).toList();
            case SERVER -> workflows.keySet().stream().filter(q -> !TaskQueues.COMPUTE.contains(q)).toList();
            case WORKER -> workerQueues(workerQueues, workflows.keySet());
        };
        return new WorkerPlan(polled.stream()
                .map(q -> new QueueWork(q, workflows.get(q), activities.get(q))).toList());
    }

    /** The queues' names, for logs. */
    List<String> names() {
        return queues.stream().map(QueueWork::queue).toList();
    }

    private static List<String> workerQueues(List<String> asked, Set<String> declared) {
        Set<String> queues = new LinkedHashSet<>();
        for (String queue : asked) {
            String name = queue.trim();
            if (!declared.contains(name)) {
                throw new IllegalStateException("hone.runtime.worker-queues names task queue '" + name
                        + "', which no stage polls; the task queues are " + declared);
            }
            queues.add(name);
        }
        if (queues.isEmpty()) {
            throw new IllegalStateException("hone.runtime.worker-queues is empty: a worker needs a task queue, one of "
                    + declared);
        }
        return List.copyOf(queues);
    }

    /** One implementation per queue: two stages may not both poll the same type from it. */
    private static void claim(Map<String, String> declaredBy, String queue, Class<?> type, String stage) {
        String earlier = declaredBy.putIfAbsent(queue + " " + type.getName(), stage);
        if (earlier != null) {
            throw new IllegalStateException("Stages " + earlier + " and " + stage + " both run " + type.getName()
                    + " on task queue " + queue);
        }
    }
}
