package dev.hone.activities.pipeline;

import dev.hone.activities.common.StageWorkers;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.ModelOptimizationWorkflowImpl;
import dev.hone.workflows.warmup.WarmupWorkflowImpl;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The pipeline's workers: the run workflow, the run's record, its compute routing, the registry and the warm-up at
 * start on the control queue; preprocessing, training, compression, evaluation and validation on the compute queues.
 */
@Singleton
public class PipelineWorkers {

    @Produces
    @Singleton
    StageWorkers pipeline(RegistryActivitiesImpl registry, RunTrackingActivitiesImpl tracking,
            ComputeRoutingActivitiesImpl routing, WarmupActivitiesImpl warmup,
            PreprocessingActivitiesImpl preprocessing, TrainingActivitiesImpl training,
            CompressionActivitiesImpl compression, EvaluationActivitiesImpl evaluation,
            ValidationActivitiesImpl validation) {
        return StageWorkers.stage("pipeline")
                .workflows(TaskQueues.CONTROL, ModelOptimizationWorkflowImpl.class, WarmupWorkflowImpl.class)
                .activities(TaskQueues.CONTROL, registry, tracking, routing, warmup)
                .computeActivities(preprocessing, training, compression, evaluation, validation)
                .build();
    }
}
