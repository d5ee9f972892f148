package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.activities.pipeline.PreprocessingActivitiesImpl;
import dev.hone.activities.pipeline.RegistryActivitiesImpl;
import dev.hone.activities.pipeline.TrainingActivitiesImpl;
import dev.hone.registry.common.Json;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.workflows.pipeline.Evaluation;
import dev.hone.workflows.pipeline.PreprocessRequest;
import dev.hone.workflows.pipeline.PreprocessingActivities;
import dev.hone.workflows.pipeline.RegisterRequest;
import dev.hone.workflows.pipeline.RegisteredVersion;
import dev.hone.workflows.pipeline.RegistryActivities;
import dev.hone.workflows.pipeline.StageArtifacts;
import dev.hone.workflows.pipeline.TrainRequest;
import dev.hone.workflows.pipeline.TrainedModel;
import dev.hone.workflows.pipeline.TrainingActivities;
import dev.hone.workflows.pipeline.TrainingSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stage activity retried after it already succeeded (a lost completion, a worker crash after
 * the write) returns what the first attempt wrote and writes nothing twice.
 */
@QuarkusTest
class ActivityIdempotencyTest {

    @Inject
    PreprocessingActivitiesImpl preprocessing;
    @Inject
    TrainingActivitiesImpl training;
    @Inject
    RegistryActivitiesImpl registry;
    @Inject
    RunService runs;
    @Inject
    ModelRegistryService models;

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void retriedStagesReturnTheFirstAttemptsResults() throws Exception {
        String dataset = Api.unique("iris-idem");
        String model = Api.unique("idem-model");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", model,
                        "training", Map.of("maxEpochs", 30))))
                .getLong("data.startRun.id");
        assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");
        Run run = runs.get(runId);

        TestActivityEnvironment env = TestActivityEnvironment.newInstance();
        try {
            env.registerActivitiesImplementations(preprocessing, training, registry);
            ActivityOptions options = ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build();

            StageArtifacts first = Json.read(runs.stageOutput(runId, "PREPROCESS").orElseThrow(), StageArtifacts.class);
            StageArtifacts again = env.newActivityStub(PreprocessingActivities.class, options)
                    .preprocess(new PreprocessRequest(runId, run.datasetVersionId, "species", null, run.seed));
            assertThat(again).isEqualTo(first);

            TrainedModel trained = Json.read(runs.stageOutput(runId, "TRAIN").orElseThrow(), TrainedModel.class);
            TrainedModel retrained = env.newActivityStub(TrainingActivities.class, options)
                    .train(new TrainRequest(runId, first, TrainingSettings.defaults(), run.seed));
            assertThat(retrained.weightsArtifact()).isEqualTo(trained.weightsArtifact());

            Evaluation evaluation = Json.read(runs.stageOutput(runId, "EVALUATE").orElseThrow(), Evaluation.class);
            RegisteredVersion registered = env.newActivityStub(RegistryActivities.class, options)
                    .register(new RegisterRequest(runId, model, run.datasetVersionId, first, trained, evaluation, null));
            assertThat(registered.modelVersionId()).isEqualTo(run.modelVersionId);
            var byModel = models.versionsOf(List.of(models.model(model).id));
            assertThat(byModel.values().iterator().next()).hasSize(1);
        } finally {
            env.close();
        }
    }
}
