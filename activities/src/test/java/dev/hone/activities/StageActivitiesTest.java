package dev.hone.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hone.activities.pipeline.CompressionActivitiesImpl;
import dev.hone.activities.pipeline.EvaluationActivitiesImpl;
import dev.hone.activities.pipeline.PreprocessingActivitiesImpl;
import dev.hone.activities.pipeline.RegistryActivitiesImpl;
import dev.hone.activities.pipeline.TrainingActivitiesImpl;
import dev.hone.activities.pipeline.ValidationActivitiesImpl;
import dev.hone.ml.report.PassportReport;
import dev.hone.registry.model.ApprovalStatus;
import dev.hone.registry.model.ModelVersion;
import dev.hone.workflows.pipeline.ValidateRequest;
import dev.hone.workflows.pipeline.Validation;
import dev.hone.workflows.pipeline.ValidationActivities;
import dev.hone.workflows.pipeline.ValidationPart;
import dev.hone.workflows.pipeline.ValidationPartResult;
import dev.hone.workflows.pipeline.ValidationSettings;
import dev.hone.ml.data.DataFiles;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.data.Profiler;
import dev.hone.ml.data.Progress;
import dev.hone.ml.data.RowSource;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.report.CompressionReport;
import dev.hone.ml.report.EvaluationReport;
import dev.hone.ml.report.ReportKind;
import dev.hone.ml.servable.ModelKind;
import dev.hone.registry.TestDatabase;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.Json;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersionStatus;
import dev.hone.registry.report.ReportService;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunService;
import dev.hone.registry.run.RunStatus;
import dev.hone.vocabulary.CompressionObjective;
import dev.hone.vocabulary.CompressionTechnique;
import dev.hone.vocabulary.NumericScaling;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.CompressRequest;
import dev.hone.workflows.pipeline.Compression;
import dev.hone.workflows.pipeline.CompressionActivities;
import dev.hone.workflows.pipeline.CompressionSettings;
import dev.hone.workflows.pipeline.EvaluateRequest;
import dev.hone.workflows.pipeline.Evaluation;
import dev.hone.workflows.pipeline.EvaluationActivities;
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
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stage activities on their own, with the real registry, artifact store and DJL: a stage retried
 * after it wrote (a lost completion, a worker killed after the write) returns what the first try
 * wrote and writes nothing twice; bad data fail at once, non-retryable, with a message that names the
 * problem; a stage of a run that has ended writes nothing.
 */
@QuarkusTest
@QuarkusTestResource(TestDatabase.class)
class StageActivitiesTest {

    /** The workflow id Temporal's activity test environment gives every activity it runs. */
    private static final String WORKFLOW_ID = "test-workflow-id";
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final ActivityOptions ONE_TRY = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build();

    @Inject
    PreprocessingActivitiesImpl preprocessing;
    @Inject
    TrainingActivitiesImpl training;
    @Inject
    EvaluationActivitiesImpl evaluation;
    @Inject
    CompressionActivitiesImpl compression;
    @Inject
    RegistryActivitiesImpl registryActivities;
    @Inject
    ValidationActivitiesImpl validation;
    @Inject
    DatasetService datasets;
    @Inject
    RunService runs;
    @Inject
    ModelRegistryService registry;
    @Inject
    ArtifactStore store;
    @Inject
    ReportService reports;

    private TestActivityEnvironment env;

    @BeforeEach
    void environment() {
        env = TestActivityEnvironment.newInstance();
        env.registerActivitiesImplementations(preprocessing, training, compression, evaluation, registryActivities,
                validation);
    }

    @AfterEach
    void close() {
        env.close();
    }

    private static byte[] iris() throws IOException {
        try (InputStream in = StageActivitiesTest.class.getResourceAsStream("/datasets/iris.csv")) {
            return in.readAllBytes();
        }
    }

    /** A run of a new data set, running as the test environment's workflow. */
    private Run running(byte[] csv, String target) {
        return running(csv, target, null);
    }

    /** The same, registering into {@code modelName} (null: a model of its own). */
    private Run running(byte[] csv, String target, String modelName) {
        String name = "stage-data-" + NAMES.incrementAndGet();
        String sha = store.put(csv, "text/csv").sha256();
        DataProfile profile;
        try (RowSource rows = DataFiles.open(new ByteArrayInputStream(csv))) {
            profile = Profiler.profile(rows, Progress.NONE);
        }
        long versionId = QuarkusTransaction.requiringNew().call(() -> datasets.addVersion(name, sha, csv.length,
                profile.rowCount(), profile.columns().size(), Json.write(profile), "ds").version().id);
        Run run = runs.create(new RunService.RunSpec(versionId, target, null,
                modelName != null ? modelName : name + "-model", "CPU", 7L, "{}", null, null), "ds");
        runs.setWorkflowId(run.id, WORKFLOW_ID);
        runs.markStarted(run.id, WORKFLOW_ID);
        return runs.get(run.id);
    }

    @Test
    void everyStageRetriedAfterItWroteReturnsWhatItsFirstTryWrote() throws IOException {
        Run run = running(iris(), "species");
        var pre = env.newActivityStub(PreprocessingActivities.class, ONE_TRY);
        var train = env.newActivityStub(TrainingActivities.class, ONE_TRY);
        var evaluate = env.newActivityStub(EvaluationActivities.class, ONE_TRY);
        var register = env.newActivityStub(RegistryActivities.class, ONE_TRY);

        runs.stageStarted(run.id, WORKFLOW_ID, "PREPROCESS"); // as the workflow does before each stage
        PreprocessRequest preprocessRequest = new PreprocessRequest(run.id, run.datasetVersionId, "species", null, 7L, null);
        StageArtifacts data = pre.preprocess(preprocessRequest);
        assertThat(data.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(data.classLabels()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(pre.preprocess(preprocessRequest)).isEqualTo(data);
        assertThat(reports.ofRuns(List.of(run.id)).get(run.id)).singleElement()
                .satisfies(r -> assertThat(r.artifactSha).isEqualTo(data.qualityReport()));

        runs.stageStarted(run.id, WORKFLOW_ID, "TRAIN");
        TrainingSettings settings = TrainingSettings.defaults();
        TrainedModel model = train.train(new TrainRequest(run.id, data, settings, 7L));
        assertThat(train.train(new TrainRequest(run.id, data, settings, 7L)).weightsArtifact())
                .isEqualTo(model.weightsArtifact());
        // The stage's last line is the outcome, not an epoch line that early stopping left behind.
        assertThat(runs.stagesOf(List.of(run.id)).get(run.id)).filteredOn(st -> st.stage.equals("TRAIN"))
                .singleElement().satisfies(st -> assertThat(st.detail).startsWith(model.epochs() + " epochs")
                        .contains("best epoch " + model.bestEpoch())
                        .endsWith("then trained " + model.bestEpoch() + " epochs on all " + (data.rows().get(0)
                                + data.rows().get(1)) + " training and validation rows"));
        // The kept model learnt from the validation rows too, for the epoch count they chose.
        assertThat(model.validationMetrics()).containsEntry("refit_rows",
                (double) (data.rows().get(0) + data.rows().get(1)));

        runs.stageStarted(run.id, WORKFLOW_ID, "EVALUATE");
        Evaluation evaluated = evaluate.evaluate(new EvaluateRequest(run.id, data, model));
        assertThat(evaluated.testMetrics().get("accuracy")).as("iris is easy").isGreaterThan(0.8);
        assertThat(evaluate.evaluate(new EvaluateRequest(run.id, data, model))).isEqualTo(evaluated);

        runs.stageStarted(run.id, WORKFLOW_ID, "REGISTER");
        RegisterRequest registerRequest = new RegisterRequest(run.id, run.modelName, run.datasetVersionId, data,
                model, evaluated, null, null, null);
        RegisteredVersion version = register.register(registerRequest);
        assertThat(register.register(registerRequest)).isEqualTo(version);
        assertThat(registry.versionsOf(List.of(registry.model(run.modelName).id)).values().iterator().next())
                .as("one version, however often the stage ran").hasSize(1);
        assertThat(registry.versionById(version.modelVersionId()).status).isEqualTo(ModelVersionStatus.PENDING);
        assertThat(reports.ofVersions(List.of(version.modelVersionId())).get(version.modelVersionId()))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind).isEqualTo(ReportKind.EVALUATION.name());
                    assertThat(r.artifactSha).isEqualTo(evaluated.reportArtifact());
                });
        EvaluationReport report = Json.read(new String(store.read(evaluated.reportArtifact()), StandardCharsets.UTF_8),
                EvaluationReport.class);
        assertThat(report.labels()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(java.util.Arrays.stream(report.confusionMatrix()).flatMapToLong(java.util.Arrays::stream).sum())
                .as("every test row counted once").isEqualTo(report.rows());
    }

    @Test
    void aRunFitsOneTransformPerEncodingItsTrainingsMayUseAndItsModelIsServedWithItsOwn() throws IOException {
        Run run = running(iris(), "species");
        var pre = env.newActivityStub(PreprocessingActivities.class, ONE_TRY);
        var train = env.newActivityStub(TrainingActivities.class, ONE_TRY);
        var evaluate = env.newActivityStub(EvaluationActivities.class, ONE_TRY);
        var register = env.newActivityStub(RegistryActivities.class, ONE_TRY);

        runs.stageStarted(run.id, WORKFLOW_ID, "PREPROCESS");
        StageArtifacts data = pre.preprocess(new PreprocessRequest(run.id, run.datasetVersionId, "species", null, 7L,
                List.of(NumericScaling.STANDARD, NumericScaling.PIECEWISE_LINEAR)));
        assertThat(data.transforms()).containsOnlyKeys(NumericScaling.STANDARD, NumericScaling.PIECEWISE_LINEAR);
        assertThat(data.transform()).as("the run's own encoding").isEqualTo(data.transforms().get(NumericScaling.STANDARD));
        FittedTransform piecewise = FittedTransform.fromJson(store.read(data.transform(NumericScaling.PIECEWISE_LINEAR)));
        assertThat(data.featureCount()).isEqualTo(4);
        assertThat(piecewise.featureCount()).as("each of iris's 4 numbers gains its bins").isGreaterThan(4 * 8);
        assertThatThrownBy(() -> data.transform(NumericScaling.QUANTILE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numericScaling").hasMessageContaining("no QUANTILE transform");

        runs.stageStarted(run.id, WORKFLOW_ID, "TRAIN");
        TrainingSettings settings = new TrainingSettings(null, null, null, null, null, null, null, 60, null, null,
                NumericScaling.PIECEWISE_LINEAR, null, null);
        TrainedModel model = train.train(new TrainRequest(run.id, data, settings, 7L));
        assertThat(model.transform()).isEqualTo(data.transforms().get(NumericScaling.PIECEWISE_LINEAR));
        assertThat(model.configJson()).contains("\"numericScaling\":\"PIECEWISE_LINEAR\"");

        runs.stageStarted(run.id, WORKFLOW_ID, "EVALUATE");
        // Evaluated on inputs of the model's width: the run's standardized transform would not fit its first layer.
        Evaluation evaluated = evaluate.evaluate(new EvaluateRequest(run.id, data, model));
        assertThat(evaluated.testMetrics().get("accuracy")).isGreaterThan(0.8);

        runs.stageStarted(run.id, WORKFLOW_ID, "REGISTER");
        RegisteredVersion version = register.register(new RegisterRequest(run.id, run.modelName, run.datasetVersionId,
                data, model, evaluated, null, null, null));
        assertThat(registry.versionById(version.modelVersionId()).transformSha)
                .as("served with the transform it was trained on").isEqualTo(model.transform());
    }

    @Test
    void anEnsembleSizeTrainsThatManyNetworksWhoseMeanIsEvaluatedAndRegisteredAsOneModel() throws IOException {
        Run run = running(iris(), "species");
        var pre = env.newActivityStub(PreprocessingActivities.class, ONE_TRY);
        var train = env.newActivityStub(TrainingActivities.class, ONE_TRY);
        var evaluate = env.newActivityStub(EvaluationActivities.class, ONE_TRY);
        var register = env.newActivityStub(RegistryActivities.class, ONE_TRY);
        runs.stageStarted(run.id, WORKFLOW_ID, "PREPROCESS");
        StageArtifacts data = pre.preprocess(new PreprocessRequest(run.id, run.datasetVersionId, "species", null, 7L,
                null));

        runs.stageStarted(run.id, WORKFLOW_ID, "TRAIN");
        TrainingSettings settings = new TrainingSettings(null, null, null, null, null, null, null, 60, null, null, null,
                3, null);
        TrainedModel model = train.train(new TrainRequest(run.id, data, settings, 7L));
        assertThat(model.kind()).isEqualTo(ModelKind.MLP_ENSEMBLE.name());
        assertThat(model.validationMetrics()).containsEntry("ensemble_size", 3.0);
        assertThat(model.configJson()).contains("\"ensembleSize\":3");
        assertThat(runs.stagesOf(List.of(run.id)).get(run.id)).filteredOn(st -> st.stage.equals("TRAIN"))
                .singleElement().satisfies(st -> assertThat(st.detail).endsWith("then 2 more networks with the next "
                        + "seeds, averaged"));
        byte[] content = store.read(model.weightsArtifact());
        assertThat(java.nio.ByteBuffer.wrap(content).getInt()).as("networks stored").isEqualTo(3);

        runs.stageStarted(run.id, WORKFLOW_ID, "EVALUATE");
        Evaluation evaluated = evaluate.evaluate(new EvaluateRequest(run.id, data, model));
        assertThat(evaluated.testMetrics().get("accuracy")).isGreaterThan(0.8);
        runs.stageStarted(run.id, WORKFLOW_ID, "REGISTER");
        RegisteredVersion version = register.register(new RegisterRequest(run.id, run.modelName, run.datasetVersionId,
                data, model, evaluated, null, null, null));
        assertThat(registry.versionById(version.modelVersionId()).kind).isEqualTo(ModelKind.MLP_ENSEMBLE.name());
    }

    /**
     * The compression stage on a trained iris model: every candidate measured, the kept one inside the budget and
     * best on the objective, its artifact stored and readable as its kind; heartbeats name the candidate being made;
     * a retry returns what the first try stored, and the version registers the kept model with the report.
     */
    @Test
    void compressionKeepsTheBestCandidateInsideTheBudgetAndARetryReturnsIt() throws IOException {
        // Digits: 1,797 rows, enough validation rows (270) to judge pruned networks.
        Run run = running(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(
                "../ml/src/test/resources/datasets/digits.csv")), "digit");
        StageArtifacts data = preprocessed(run, "digit", Task.CLASSIFICATION);
        assertThat(data.rows().get(1)).isGreaterThanOrEqualTo(200);
        runs.stageStarted(run.id, WORKFLOW_ID, "TRAIN");
        TrainedModel model = env.newActivityStub(TrainingActivities.class, ONE_TRY).train(new TrainRequest(run.id, data,
                new TrainingSettings(null, null, null, null, null, null, null, 40, null, null, null, null, null), 7L));
        List<String> heartbeats = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        env.setActivityHeartbeatListener(String.class, heartbeats::add);
        var compress = env.newActivityStub(CompressionActivities.class, ONE_TRY);

        runs.stageStarted(run.id, WORKFLOW_ID, "COMPRESS");
        CompressRequest request = new CompressRequest(run.id, data, model, new CompressionSettings(
                List.of(CompressionTechnique.QUANTIZE_INT8, CompressionTechnique.PRUNE_UNITS), CompressionObjective.SIZE,
                null, null), 7L);
        Compression compressed = compress.compress(request);

        CompressionReport report = Json.read(new String(store.read(compressed.reportArtifact()),
                StandardCharsets.UTF_8), CompressionReport.class);
        assertThat(report.candidates()).extracting(CompressionReport.Model::name).containsExactly("int8",
                "units -50% [32, 32]", "units -50% [32, 32], int8", "units -80% [13, 13]", "units -80% [13, 13], int8");
        assertThat(report.parent().kind()).isEqualTo(ModelKind.FLOAT_MLP.name());
        assertThat(report.parent().artifact()).isEqualTo(model.weightsArtifact());
        // The test environment passes on only the first heartbeat (the service throttles them): the stage's.
        assertThat(heartbeats).first().isEqualTo("reading the trained model");
        assertThat(runs.stagesOf(List.of(run.id)).get(run.id)).filteredOn(st -> st.stage.equals("COMPRESS"))
                .singleElement().satisfies(st -> assertThat(st.detail).isEqualTo(report.reason()));
        assertThat(report.chosen()).as(report.reason()).isNotNull();
        CompressionReport.Model kept = report.served();
        assertThat(kept.withinBudget()).isTrue();
        assertThat(report.candidates()).filteredOn(CompressionReport.Model::withinBudget)
                .allSatisfy(m -> assertThat(m.bytes()).isGreaterThanOrEqualTo(kept.bytes()));
        assertThat(compressed.model().kind()).isEqualTo(kept.kind());
        assertThat(compressed.model().weightsArtifact()).isEqualTo(kept.artifact());
        assertThat(compressed.model().transform()).isEqualTo(model.transform(data));
        assertThat(compressed.metrics()).containsEntry("candidates", 5.0).containsEntry("chosen", 1.0);
        assertThat(compressed.metrics().get("size_ratio")).isEqualTo((double) report.parent().bytes() / kept.bytes());
        try (var served = dev.hone.ml.servable.ServableModels.load(ModelKind.parse(kept.kind()),
                compressed.model().configJson(), store.read(kept.artifact()))) {
            assertThat(served.inputSize()).isEqualTo(data.featureCount());
        }
        assertThat(compress.compress(request)).as("a retry returns what the first try stored").isEqualTo(compressed);

        runs.stageStarted(run.id, WORKFLOW_ID, "EVALUATE");
        Evaluation evaluated = env.newActivityStub(EvaluationActivities.class, ONE_TRY)
                .evaluate(new EvaluateRequest(run.id, data, compressed.model()));
        assertThat(evaluated.testMetrics().get("accuracy")).isGreaterThan(0.9);
        runs.stageStarted(run.id, WORKFLOW_ID, "REGISTER");
        RegisteredVersion version = env.newActivityStub(RegistryActivities.class, ONE_TRY).register(
                new RegisterRequest(run.id, run.modelName, run.datasetVersionId, data, compressed.model(), evaluated,
                        null, compressed.reportArtifact(), null));
        assertThat(registry.versionById(version.modelVersionId()).kind).isEqualTo(kept.kind());
        assertThat(reports.ofVersions(List.of(version.modelVersionId())).get(version.modelVersionId()))
                .extracting(r -> r.kind).containsExactlyInAnyOrder(ReportKind.EVALUATION.name(),
                        ReportKind.COMPRESSION.name());
    }

    /**
     * On iris's 24 validation rows only the int8 form is tried (a retrained model cannot be judged on so few): an
     * ensemble's is every network in int8, kept for its size; without int8 allowed nothing is tried and the ensemble
     * is kept, with the reasons. A model that is already int8 is refused, non-retryable, naming what can be compressed.
     */
    @Test
    void onSmallDataAnEnsembleIsOnlyQuantizedAndAnInt8ModelIsRefused() throws IOException {
        Run run = running(iris(), "species");
        StageArtifacts data = preprocessed(run);
        runs.stageStarted(run.id, WORKFLOW_ID, "TRAIN");
        TrainedModel ensemble = env.newActivityStub(TrainingActivities.class, ONE_TRY).train(new TrainRequest(run.id,
                data, new TrainingSettings(null, null, null, null, null, null, null, 20, null, null, null, 2, null), 7L));
        var compress = env.newActivityStub(CompressionActivities.class, ONE_TRY);
        runs.stageStarted(run.id, WORKFLOW_ID, "COMPRESS");

        Compression quantized = compress.compress(new CompressRequest(run.id, data, ensemble,
                new CompressionSettings(null, CompressionObjective.SIZE, null, null), 7L));
        CompressionReport report = Json.read(new String(store.read(quantized.reportArtifact()), StandardCharsets.UTF_8),
                CompressionReport.class);
        assertThat(report.candidates()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("int8");
            assertThat(c.kind()).isEqualTo(ModelKind.INT8_MLP_ENSEMBLE.name());
            assertThat(c.bytes()).isLessThan(report.parent().bytes() / 3);
        });
        assertThat(report.reason()).startsWith("[PRUNE_UNITS, DISTIL] not tried: a retrained model is judged on at "
                + "least 200 validation rows, this run has 24. ");
        assertThat(report.chosen()).as(report.reason()).isEqualTo("int8");
        assertThat(quantized.model().kind()).isEqualTo(ModelKind.INT8_MLP_ENSEMBLE.name());

        Run third = running(iris(), "species");
        StageArtifacts thirdData = preprocessed(third);
        runs.stageStarted(third.id, WORKFLOW_ID, "COMPRESS");
        Compression kept = compress.compress(new CompressRequest(third.id, thirdData, ensemble,
                new CompressionSettings(List.of(CompressionTechnique.PRUNE_UNITS, CompressionTechnique.DISTIL), null,
                        null, null), 7L));
        assertThat(kept.model()).isEqualTo(ensemble);
        assertThat(kept.metrics()).containsEntry("candidates", 0.0).containsEntry("chosen", 0.0);
        CompressionReport none = Json.read(new String(store.read(kept.reportArtifact()), StandardCharsets.UTF_8),
                CompressionReport.class);
        assertThat(none.chosen()).isNull();
        assertThat(none.reason()).isEqualTo("[PRUNE_UNITS, DISTIL] not tried: a retrained model is judged on at least "
                + "200 validation rows, this run has 24. The version serves the uncompressed model.");

        Run other = running(iris(), "species");
        StageArtifacts otherData = preprocessed(other);
        runs.stageStarted(other.id, WORKFLOW_ID, "COMPRESS");
        TrainedModel int8 = new TrainedModel(ensemble.weightsArtifact(), ensemble.configJson(), 1, 1, false,
                java.util.Map.of(), null, ModelKind.INT8_MLP.name());
        assertThatThrownBy(() -> compress.compress(new CompressRequest(other.id, otherData, int8,
                CompressionSettings.defaults(), 7L)))
                .isInstanceOf(ActivityFailure.class).cause().isInstanceOf(ApplicationFailure.class)
                .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue())
                .hasMessageContaining("INT8_MLP model is not a float network")
                .hasMessageContaining("only FLOAT_MLP and MLP_ENSEMBLE models can be compressed");
        assertThat(runs.stageOutput(other.id, "COMPRESS")).isEmpty();
    }

    /**
     * The validation stage on real models: a first version's passport (every section over iris's four columns, no
     * champion, the gate passes); once it is in production, a second run's int8 ensemble (the gradient methods on
     * its dequantized networks) is compared with it on the same rows, and a gate it cannot meet registers the new
     * version REJECTED by the system, with the reasons. A retried judgement returns what was stored.
     */
    @Test
    void validationWritesThePassportComparesWithProductionAndAFailedGateRejectsTheVersion() throws IOException {
        Run first = running(iris(), "species");
        StageArtifacts data = preprocessed(first);
        TrainedModel model = trained(first, data, 1);
        Evaluation evaluated = evaluated(first, data, model);
        Validation passed = validated(first, data, model, evaluated, null);
        assertThat(passed.passed()).isTrue();
        assertThat(passed.metrics()).containsEntry("gate_passed", 1.0).containsKey("explanations_seconds");
        PassportReport passport = read(passed.reportArtifact(), PassportReport.class);
        assertThat(passport.champion()).as("the model has no production version yet").isNull();
        assertThat(passport.explanations().columns()).containsExactly("sepal_length", "sepal_width", "petal_length",
                "petal_width");
        assertThat(passport.explanations().importance()).hasSize(4);
        assertThat(passport.robustness().curves()).hasSize(2);
        assertThat(passport.calibration().test().bins()).isNotEmpty();
        assertThat(passport.drift().inputs()).hasSize(4);
        assertThat(passport.metrics().perClass()).hasSize(3);
        assertThat(passport.gate().checks()).isEmpty();
        ValidateRequest again = new ValidateRequest(first.id, first.modelName, data, model, evaluated, null, 7L);
        assertThat(env.newActivityStub(ValidationActivities.class, ONE_TRY).judge(again, List.of()))
                .as("a retried judgement returns what was stored").isEqualTo(passed);
        RegisteredVersion production = registered(first, data, model, evaluated, passed);
        QuarkusTransaction.requiringNew().run(() -> {
            runs.succeeded(first.id, WORKFLOW_ID, production.modelVersionId(), "{}");
            registry.decide(first.modelName, production.version(), ApprovalStatus.APPROVED, "approver", null);
            registry.setAlias(first.modelName, "production", production.version(), "approver");
        });

        Run second = running(iris(), "species", first.modelName);
        StageArtifacts secondData = preprocessed(second);
        TrainedModel ensemble = trained(second, secondData, 2);
        runs.stageStarted(second.id, WORKFLOW_ID, "COMPRESS");
        TrainedModel int8 = env.newActivityStub(CompressionActivities.class, ONE_TRY).compress(new CompressRequest(
                second.id, secondData, ensemble, new CompressionSettings(List.of(CompressionTechnique.QUANTIZE_INT8),
                        CompressionObjective.SIZE, 100.0, null), 7L)).model();
        assertThat(int8.kind()).isEqualTo(ModelKind.INT8_MLP_ENSEMBLE.name());
        Evaluation secondEvaluated = evaluated(second, secondData, int8);
        ValidationSettings strict = new ValidationSettings(null, null,
                List.of(new ValidationSettings.MetricLimit("accuracy", 1.01)), null, null, null, null, null, null, null);
        Validation failed = validated(second, secondData, int8, secondEvaluated, strict);

        assertThat(failed.passed()).isFalse();
        assertThat(failed.reasons()).singleElement().asString().contains("breaks the floor of 1.0100");
        PassportReport compared = read(failed.reportArtifact(), PassportReport.class);
        assertThat(compared.champion().alias()).isEqualTo("production");
        assertThat(compared.champion().championVersion()).isEqualTo(production.version());
        assertThat(compared.champion().classification().rows()).isEqualTo(secondData.rows().get(2));
        assertThat(compared.gate().checks()).extracting(PassportReport.Check::name)
                .containsExactly("metric accuracy", "champion");
        assertThat(compared.explanations().meanAbsGradients()).anySatisfy(v -> assertThat(v).isPositive());
        RegisteredVersion rejected = registered(second, secondData, int8, secondEvaluated, failed);
        ModelVersion v = registry.versionById(rejected.modelVersionId());
        assertThat(v.approvalStatus).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(v.approvedBy).isEqualTo(ModelRegistryService.VALIDATION_GATE);
        assertThat(v.approvalComment).startsWith("Validation gate failed: Test accuracy");
        assertThat(reports.ofVersions(List.of(v.id)).get(v.id)).extracting(r -> r.kind)
                .contains(ReportKind.PASSPORT.name());
    }

    /**
     * Reweighing asked for on credit data over marital status: the model trains on reweighed rows (and says so), and
     * the passport shows two twins trained alike, as is and on reweighed rows, with their test accuracy and fairness.
     */
    @Test
    void reweighingTrainsOnReweighedRowsAndShowsTwinsSideBySide() throws IOException {
        Run run = running(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(
                "../api/src/test/resources/datasets/credit.csv")), "Status");
        StageArtifacts data = preprocessed(run, "Status", Task.CLASSIFICATION);
        runs.stageStarted(run.id, WORKFLOW_ID, "TRAIN");
        TrainedModel model = env.newActivityStub(TrainingActivities.class, ONE_TRY).train(new TrainRequest(run.id, data,
                new TrainingSettings(null, null, null, null, null, null, null, 30, null, null, null, 1, null), 7L, "Marital"));
        assertThat(model.validationMetrics()).containsEntry("reweighed", 1.0);
        assertThat(runs.stagesOf(List.of(run.id)).get(run.id)).filteredOn(st -> st.stage.equals("TRAIN"))
                .singleElement().satisfies(st -> assertThat(st.detail).endsWith("rows reweighed over 'Marital' "
                        + "(fairness)"));
        Evaluation evaluated = evaluated(run, data, model);
        Validation validated = validated(run, data, model, evaluated, new ValidationSettings(List.of("Marital"),
                "good", null, null, null, null, null, null, true, true));

        PassportReport passport = read(validated.reportArtifact(), PassportReport.class);
        // Temperature scaling asked for too: served only when it lowers the test calibration error.
        assertThat(validated.temperature()).isEqualTo(passport.calibration().scalingHelps()
                ? passport.calibration().temperature() : null);
        PassportReport.MitigationSection m = passport.mitigation();
        assertThat(m.column()).isEqualTo("Marital");
        assertThat(m.method()).isEqualTo("REWEIGHING");
        assertThat(m.minWeight()).isLessThan(1).isPositive();
        assertThat(m.maxWeight()).isGreaterThan(1);
        for (PassportReport.Twin twin : List.of(m.before(), m.after())) {
            assertThat(twin.accuracy()).isBetween(0.6, 1.0);
            assertThat(twin.fairness().positive()).isEqualTo("good");
            assertThat(twin.fairness().groups()).extracting(dev.hone.ml.validation.Fairness.Group::name)
                    .contains("married", "single");
        }
        System.out.printf("reweighing over Marital: accuracy %.4f -> %.4f, parity difference %.4f -> %.4f, "
                + "disparate impact %.4f -> %.4f%n", m.before().accuracy(), m.after().accuracy(),
                m.before().fairness().demographicParityDifference(), m.after().fairness().demographicParityDifference(),
                m.before().fairness().disparateImpactRatio(), m.after().fairness().disparateImpactRatio());
    }

    /** A sensitive column the data lacks is refused by the part that reads it, non-retryable, naming the column. */
    @Test
    void aSensitiveColumnTheDataLacksIsRefusedNamingIt() throws IOException {
        Run run = running(iris(), "species");
        StageArtifacts data = preprocessed(run);
        TrainedModel model = trained(run, data, 1);
        Evaluation evaluated = evaluated(run, data, model);
        runs.stageStarted(run.id, WORKFLOW_ID, "VALIDATE");
        ValidateRequest request = new ValidateRequest(run.id, run.modelName, data, model, evaluated,
                new ValidationSettings(List.of("zip"), null, null, null, null, null, null, null, null, null), 7L);
        assertThatThrownBy(() -> env.newActivityStub(ValidationActivities.class, ONE_TRY).measure(request,
                ValidationPart.DATA))
                .isInstanceOf(ActivityFailure.class).cause().isInstanceOf(ApplicationFailure.class)
                .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue())
                .hasMessageContaining("validation.sensitiveColumns names 'zip'");
    }

    private TrainedModel trained(Run run, StageArtifacts data, int networks) {
        runs.stageStarted(run.id, WORKFLOW_ID, "TRAIN");
        return env.newActivityStub(TrainingActivities.class, ONE_TRY).train(new TrainRequest(run.id, data,
                new TrainingSettings(null, null, null, null, null, null, null, 30, null, null, null, networks, null), 7L));
    }

    private Evaluation evaluated(Run run, StageArtifacts data, TrainedModel model) {
        runs.stageStarted(run.id, WORKFLOW_ID, "EVALUATE");
        return env.newActivityStub(EvaluationActivities.class, ONE_TRY).evaluate(new EvaluateRequest(run.id, data,
                model));
    }

    private Validation validated(Run run, StageArtifacts data, TrainedModel model, Evaluation evaluated,
            ValidationSettings settings) {
        runs.stageStarted(run.id, WORKFLOW_ID, "VALIDATE");
        var validate = env.newActivityStub(ValidationActivities.class, ONE_TRY);
        ValidateRequest request = new ValidateRequest(run.id, run.modelName, data, model, evaluated, settings, 7L);
        // As the workflow does: the mitigation part only when the run asks for it.
        List<ValidationPartResult> parts = java.util.Arrays.stream(ValidationPart.values())
                .filter(part -> part != ValidationPart.MITIGATION || settings != null && settings.reweighingAsked())
                .map(part -> validate.measure(request, part)).toList();
        return validate.judge(request, parts);
    }

    private RegisteredVersion registered(Run run, StageArtifacts data, TrainedModel model, Evaluation evaluated,
            Validation validated) {
        runs.stageStarted(run.id, WORKFLOW_ID, "REGISTER");
        return env.newActivityStub(RegistryActivities.class, ONE_TRY).register(new RegisterRequest(run.id,
                run.modelName, run.datasetVersionId, data, model, evaluated, null, null, validated));
    }

    private <T> T read(String artifact, Class<T> type) {
        return Json.read(new String(store.read(artifact), StandardCharsets.UTF_8), type);
    }

    private StageArtifacts preprocessed(Run run) {
        return preprocessed(run, "species", null);
    }

    private StageArtifacts preprocessed(Run run, String target, Task task) {
        runs.stageStarted(run.id, WORKFLOW_ID, "PREPROCESS");
        return env.newActivityStub(PreprocessingActivities.class, ONE_TRY).preprocess(new PreprocessRequest(run.id,
                run.datasetVersionId, target, task, 7L, null));
    }

    @Test
    void aParquetDataSetIsSplitExactlyLikeTheSameCsv() throws IOException {
        byte[] parquet = java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of("../ml/src/test/resources/parquet/iris-snappy.parquet"));
        var pre = env.newActivityStub(PreprocessingActivities.class, ONE_TRY);
        List<StageArtifacts> results = new java.util.ArrayList<>();
        for (byte[] file : List.of(iris(), parquet)) {
            Run run = running(file, "species");
            runs.stageStarted(run.id, WORKFLOW_ID, "PREPROCESS");
            results.add(pre.preprocess(new PreprocessRequest(run.id, run.datasetVersionId, "species", null, 7L, null)));
        }

        assertThat(results.get(1).rows()).isEqualTo(results.get(0).rows()).containsExactly(105, 24, 21);
        assertThat(results.get(1).classLabels()).isEqualTo(results.get(0).classLabels());
        // The same rows in every split, stored as the same bytes.
        assertThat(results.get(1).trainSplit()).isEqualTo(results.get(0).trainSplit());
        assertThat(results.get(1).testSplit()).isEqualTo(results.get(0).testSplit());
    }

    @Test
    void preprocessingReportsHowManyRowsItHasReadAsItsHeartbeatAndProgress() {
        StringBuilder csv = new StringBuilder("x1,x2,label\n");
        int rows = 70_000;
        for (int i = 0; i < rows; i++) {
            csv.append(i % 97).append(',').append(i % 13).append(',').append(i % 89 < 40 ? "a" : "b").append('\n');
        }
        Run run = running(csv.toString().getBytes(StandardCharsets.UTF_8), "label");
        List<String> heartbeats = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        env.setActivityHeartbeatListener(String.class, heartbeats::add);
        runs.stageStarted(run.id, WORKFLOW_ID, "PREPROCESS");

        env.newActivityStub(PreprocessingActivities.class, ONE_TRY)
                .preprocess(new PreprocessRequest(run.id, run.datasetVersionId, "label", null, 7L, null));

        // The workflow service takes heartbeats at most every few seconds: this short stage sends its first.
        assertThat(heartbeats).first().asString().startsWith("loading the data set: 65,536 of 70,000 rows, ").endsWith(" MB read");
        // The stage's line says what it is doing while it works, and what it did once done.
        assertThat(runs.stagesOf(List.of(run.id)).get(run.id)).filteredOn(st -> st.stage.equals("PREPROCESS"))
                .singleElement().satisfies(st -> assertThat(st.detail).isEqualTo(
                        "70,000 rows: 49,000 train, 10,500 validation, 10,500 test; 2 features; 1 data quality issue"));
    }

    @Test
    void badDataFailAtOnceWithAMessageThatNamesTheProblem() {
        byte[] oneClass = "x1,x2,label\n1,2,a\n2,3,a\n3,4,a\n4,5,a\n5,6,a\n6,7,a\n7,8,a\n8,9,a\n9,10,a\n10,11,a\n"
                .getBytes(StandardCharsets.UTF_8);
        Run run = running(oneClass, "label");
        runs.stageStarted(run.id, WORKFLOW_ID, "PREPROCESS");
        var pre = env.newActivityStub(PreprocessingActivities.class, ONE_TRY);
        assertThatThrownBy(() -> pre.preprocess(new PreprocessRequest(run.id, run.datasetVersionId, "label",
                Task.CLASSIFICATION, 7L, null)))
                .isInstanceOfSatisfying(ActivityFailure.class, e -> {
                    ApplicationFailure cause = (ApplicationFailure) e.getCause();
                    assertThat(cause.isNonRetryable()).isTrue();
                    assertThat(cause.getType()).isEqualTo("INVALID_INPUT");
                    assertThat(cause.getOriginalMessage()).containsIgnoringCase("class").contains("label");
                });
        assertThat(runs.stageOutput(run.id, "PREPROCESS")).isEmpty();
    }

    @Test
    void aStageOfARunThatHasEndedWritesNothing() throws IOException {
        Run run = running(iris(), "species");
        runs.stageStarted(run.id, WORKFLOW_ID, "PREPROCESS");
        runs.ended(run.id, null, RunStatus.CANCELLED, "Cancelled by request");
        var pre = env.newActivityStub(PreprocessingActivities.class, ONE_TRY);
        assertThatThrownBy(() -> pre.preprocess(new PreprocessRequest(run.id, run.datasetVersionId, "species", null,
                7L, null)))
                .isInstanceOfSatisfying(ActivityFailure.class, e -> {
                    ApplicationFailure cause = (ApplicationFailure) e.getCause();
                    assertThat(cause.isNonRetryable()).isTrue();
                    assertThat(cause.getType()).isEqualTo("ENDED");
                    assertThat(cause.getOriginalMessage()).contains("has ended (CANCELLED)");
                });
        assertThat(runs.stageOutput(run.id, "PREPROCESS")).isEmpty();
        assertThat(runs.get(run.id).status).isEqualTo(RunStatus.CANCELLED);
    }
}
