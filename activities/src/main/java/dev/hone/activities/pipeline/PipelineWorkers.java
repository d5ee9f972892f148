package dev.hone.activities.pipeline;

import dev.hone.activities.common.StageWorkers;
import dev.hone.workflows.common.TaskQueues;
import dev.hone.workflows.pipeline.ModelOptimizationWorkflowImpl;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The pipeline's workers: the run workflow, the run's record, its compute routing and the registry on the control
 * queue; preprocessing, training, compression, evaluation and validation on the compute queues.
 */
@Singleton
public class PipelineWorkers {

    @Produces
    @Singleton
    StageWorkers pipeline(RegistryActivitiesImpl registry, RunTrackingActivitiesImpl tracking,
            ComputeRoutingActivitiesImpl routing,
            PreprocessingActivitiesImpl preprocessing, TrainingActivitiesImpl training,
            CompressionActivitiesImpl compression, EvaluationActivitiesImpl evaluation,
            ValidationActivitiesImpl validation) {
        return StageWorkers.stage("pipeline")
                .workflows(TaskQueues.CONTROL, ModelOptimizationWorkflowImpl.class)
                .activities(TaskQueues.CONTROL, registry, tracking, routing)
                .computeActivities(preprocessing, training, compression, evaluation, validation)
                .build();
    }
}
