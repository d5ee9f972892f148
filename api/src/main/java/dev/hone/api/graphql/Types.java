package dev.hone.api.graphql;

import dev.hone.api.graphql.ProfileViews.DataProfileView;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.metrics.Bootstrap;
import dev.hone.ml.model.ModelDescriptor;
import dev.hone.ml.servable.ModelKind;
import dev.hone.registry.common.Json;
import dev.hone.registry.dataset.DatasetVersion;
import dev.hone.registry.model.ModelAlias;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.model.ModelVersionTag;
import dev.hone.registry.model.RegisteredModel;
import dev.hone.registry.run.Run;
import dev.hone.registry.run.RunStage;
import dev.hone.registry.run.RunStatus;
import dev.hone.runs.TrainingConfigs;
import dev.hone.vocabulary.Device;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.CompressionSettings;
import dev.hone.workflows.pipeline.ValidationSettings;
import dev.hone.workflows.pipeline.TrainingSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

/** GraphQL output types. Entities never leave the registry: these records are what the API shows. */
public final class Types {
    private Types() {
    }

    @Name("Metric")
    @Description("A named number, e.g. accuracy 0.97, with its confidence interval where one was estimated")
    public record Metric(@NonNull String name, double value,
            @Description("Lower end of the confidence interval (EvaluationReport.intervalLevel), or null") Double low,
            @Description("Upper end of the confidence interval, or null") Double high) {
        static List<Metric> of(Map<String, Double> metrics) {
            return of(metrics, Map.of());
        }

        static List<Metric> of(Map<String, Double> metrics, Map<String, Bootstrap.Interval> intervals) {
            return metrics.entrySet().stream().map(e -> {
                Bootstrap.Interval i = intervals.get(e.getKey());
                return new Metric(e.getKey(), e.getValue(), i == null ? null : i.low(), i == null ? null : i.high());
            }).toList();
        }

        static List<Metric> of(String json) {
            return of(Json.readMetrics(json));
        }
    }

    @Name("PageInfo")
    @Description("Position of a page in a list")
    public record PageInfo(int page, int size, long total) {
    }

    @Name("Dataset")
    @Description("A named data set; each upload adds a version")
    public record DatasetView(@Id @NonNull String name, @NonNull Instant createdAt, @NonNull String createdBy,
            @Ignore long id) {
        static DatasetView of(dev.hone.registry.dataset.Dataset d) {
            return new DatasetView(d.name, d.createdAt, d.createdBy, d.id);
        }
    }

    @Name("DatasetPage")
    public record DatasetPage(@NonNull List<@NonNull DatasetView> items, @NonNull PageInfo pageInfo) {
    }

    @Name("DatasetVersion")
    @Description("One immutable upload of a data set, with its profile")
    public record DatasetVersionView(@Id long id, @NonNull String dataset, int version, @NonNull String sha256,
            long sizeBytes, long rowCount, int columnCount, @NonNull DataProfileView profile, @NonNull Instant createdAt,
            @NonNull String createdBy) {
        static DatasetVersionView of(DatasetVersion v) {
            return new DatasetVersionView(v.id, v.dataset.name, v.version, v.artifactSha, v.sizeBytes, v.rowCount,
                    v.columnCount, DataProfileView.of(Json.read(v.profileJson, DataProfile.class)), v.createdAt, v.createdBy);
        }
    }

    /**
     * A run as read at one moment. {@code readAt} takes part in equality on purpose: batched child
     * fields ({@code stages}, ...) are cached per source object for the life of an execution, and a
     * subscription is one long execution, so without it every update with the same run fields would
     * repeat the first update's stages (a training stage's progress would never move).
     */
    @Name("Run")
    @Description("A model-optimization run and how far it got")
    public record RunView(@Id long id, @NonNull RunStatus status,
            @Description("Whether the run has ended (its status is one with ended: true in runStatuses)") boolean ended,
            @Description("Whether restartRun can start it again (it ended without success)") boolean restartable,
            String currentStage, @NonNull String target,
            Task task, @NonNull String modelName, @NonNull Device device,
            @Description("Where the run's compute went (CPU or GPU) when it asked for AUTO or GPU; null until chosen")
            Device computeDevice,
            @Description("Why it went there, or which workers it waits for")
            String computeNote, long seed,
            @Description("Training settings as given; null fields take the defaults of trainingOptions")
            @NonNull TrainingSettings settings,
            @Description("The compression stage as asked (null fields take its defaults); null for a run without it")
            CompressionSettings compression,
            @Description("The validation gate as asked (null fields take its defaults); null for the defaults")
            ValidationSettings validation,
            @Description("Which attempt of the run this is: 1, and one more for each restartRun") int attempt,
            String workflowId,
            String error, @NonNull List<@NonNull Metric> testMetrics, @NonNull String createdBy,
            @NonNull Instant createdAt, Instant startedAt, Instant endedAt,
            @Description("When cancelRun was asked for the current attempt; null when it was not")
            Instant cancelRequestedAt, @Ignore long datasetVersionId,
            @Ignore Long modelVersionId, @Ignore long readAt) {
        static RunView of(Run r) {
            return new RunView(r.id, r.status, r.status.isFinal(), r.status.restartable(), r.currentStage, r.target,
                    r.task == null ? null : Task.of(r.task), r.modelName, Device.of(r.device),
                    r.computeDevice == null ? null : Device.of(r.computeDevice), r.computeNote, r.seed,
                    Types.settings(r.settingsJson),
                    r.compressionJson == null ? null : Json.read(r.compressionJson, CompressionSettings.class),
                    r.validationJson == null ? null : Json.read(r.validationJson, ValidationSettings.class),
                    r.attempt, r.workflowId, r.error, Metric.of(r.testMetricsJson), r.createdBy,
                    r.createdAt, r.startedAt, r.endedAt, r.cancelRequestedAt, r.datasetVersionId, r.modelVersionId,
                    System.nanoTime());
        }
    }

    /** Settings as stored with a run or trial; none stored means every default. */
    static TrainingSettings settings(String json) {
        return json == null ? TrainingSettings.defaults() : Json.read(json, TrainingSettings.class);
    }

    @Name("FloatMlpDescriptor")
    @Description("What describes a float MLP besides its weights: layer sizes and the configuration it trained with")
    public record FloatMlpDescriptorView(@Description("Inputs after preprocessing (one-hot columns counted)")
            int inputSize, @Description("Classes, or 1 for regression") int outputSize,
            @Description("True when the outputs are class probabilities") boolean classifier,
            @Description("The resolved training configuration: every setting, defaults included")
            @NonNull TrainingSettings config,
            @Description("Seed of initialisation, dropout and batch order") long seed) {
        static FloatMlpDescriptorView of(String json) {
            ModelDescriptor d = Json.read(json, ModelDescriptor.class);
            return new FloatMlpDescriptorView(d.inputSize(), d.outputSize(), d.classifier(),
                    TrainingConfigs.settings(d.config()), d.config().seed());
        }
    }

    @Name("RunPage")
    public record RunPage(@NonNull List<@NonNull RunView> items, @NonNull PageInfo pageInfo) {
    }

    @Name("RunStage")
    @Description("One stage of a run: PREPROCESS, TUNE, TRAIN, EVALUATE or REGISTER")
    public record RunStageView(@NonNull String stage, @NonNull String status,
            @Description("0 to 1 within the stage") double progress, String detail,
            @Description("How many times the stage's work has started in this attempt of the run: 1, or more when a "
                    + "failed try was retried or its worker stopped or was lost") int tries,
            @NonNull List<@NonNull Metric> metrics, @NonNull Instant startedAt, Instant endedAt) {
        static RunStageView of(RunStage s) {
            return new RunStageView(s.stage, s.status, s.progress, s.detail, s.tries, Metric.of(s.metricsJson),
                    s.startedAt, s.endedAt);
        }
    }

    @Name("RegisteredModel")
    @Description("A named model with versions and aliases")
    public record ModelView(@Id @NonNull String name, String description, @NonNull Instant createdAt,
            @NonNull String createdBy, @Ignore long id) {
        static ModelView of(RegisteredModel m) {
            return new ModelView(m.name, m.description, m.createdAt, m.createdBy, m.id);
        }
    }

    @Name("ModelPage")
    public record ModelPage(@NonNull List<@NonNull ModelView> items, @NonNull PageInfo pageInfo) {
    }

    @Name("InputColumn")
    @Description("A column the model reads, with its inferred type")
    public record InputColumn(@NonNull String name, @NonNull String type) {
    }

    @Name("ModelVersion")
    @Description("An immutable model version with its metrics and lineage")
    public record ModelVersionView(@Id long id, @NonNull String model, int version,
            @Description("PENDING while its run has not ended; READY once the run succeeded (only READY versions "
                    + "are served); WITHDRAWN when the run ended without success after registering it") @NonNull String status,
            @NonNull Task task,
            @Description("The kind of model, which decides how its artifact is stored and served")
            @NonNull ModelKindView kind,
            @Description("The model's descriptor: for a float MLP its layer sizes and the resolved training "
                    + "configuration") @NonNull FloatMlpDescriptorView parameters,
            @NonNull List<@NonNull Metric> metrics, @NonNull List<@NonNull Metric> validationMetrics,
            @NonNull List<@NonNull InputColumn> inputSignature, @NonNull List<@NonNull String> classLabels,
            @NonNull String transformArtifact, @NonNull String weightsArtifact,
            @Description("The temperature its class probabilities are served scaled by (the run asked for temperature "
                    + "scaling and it lowered the test calibration error); null when they are served as computed")
            Double temperature,
            @Description("PENDING, APPROVED or REJECTED") @NonNull String approvalStatus, String approvedBy,
            Instant approvedAt, String approvalComment, @NonNull Instant createdAt, @NonNull String createdBy,
            @Ignore long runId, @Ignore long datasetVersionId, @Ignore Long studyId) {
        static ModelVersionView of(ModelVersion v) {
            return new ModelVersionView(v.id, v.model.name, v.version, v.status.name(), Task.of(v.task),
                    ModelKindView.of(ModelKind.parse(v.kind)), FloatMlpDescriptorView.of(v.parametersJson),
                    Metric.of(v.metricsJson), Metric.of(v.validationMetricsJson),
                    List.of(Json.read(v.inputSignatureJson, InputColumn[].class)), Json.readStrings(v.classLabelsJson),
                    v.transformSha, v.weightsSha, v.temperature, v.approvalStatus.name(),
                    v.approvedBy, v.approvedAt, v.approvalComment, v.createdAt, v.createdBy, v.runId,
                    v.datasetVersionId, v.studyId);
        }
    }

    /**
     * The model kinds as the API names and describes them. Mapped from {@link ModelKind} rather than
     * exposing it, so that renaming a constant in {@code ml} cannot silently change the public schema;
     * the exhaustive switch makes a new kind fail to compile until it is described here.
     */
    @Name("ModelKind")
    @Description("How a model version's network is stored; every kind is computed in plain Java with the Vector API")
    public enum ModelKindView {
        @Description("A multilayer perceptron with float32 weights, as training produces it")
        FLOAT_MLP,
        @Description("Float32 multilayer perceptrons of one architecture trained with different seeds, their outputs "
                + "averaged (training with ensembleSize above 1)")
        MLP_ENSEMBLE,
        @Description("A multilayer perceptron quantized to int8 weights (a scale per unit): a quarter of the float "
                + "size (compression)")
        INT8_MLP,
        @Description("An ensemble's multilayer perceptrons each quantized to int8, their outputs averaged "
                + "(compression of an ensemble)")
        INT8_MLP_ENSEMBLE;

        static ModelKindView of(ModelKind kind) {
            return switch (kind) {
                case FLOAT_MLP -> FLOAT_MLP;
                case MLP_ENSEMBLE -> MLP_ENSEMBLE;
                case INT8_MLP -> INT8_MLP;
                case INT8_MLP_ENSEMBLE -> INT8_MLP_ENSEMBLE;
            };
        }
    }

    @Name("ModelAlias")
    @Description("A movable name pointing at one version")
    public record AliasView(@NonNull String alias, int version, @NonNull Instant updatedAt,
            @NonNull String updatedBy) {
        static AliasView of(ModelAlias a, int version) {
            return new AliasView(a.alias, version, a.updatedAt, a.updatedBy);
        }
    }

    @Name("Tag")
    public record TagView(@NonNull String key, @NonNull String value) {
        static TagView of(ModelVersionTag t) {
            return new TagView(t.key, t.value);
        }
    }

    @Name("ClassProbability")
    public record ClassProbability(@NonNull String label, double probability) {
    }

    @Name("Prediction")
    @Description("A prediction for one input row, naming the model version that made it")
    public record PredictionView(@NonNull String model,
            @Description("The version that answered: the one asked for, or with neither version nor alias the "
                    + "production alias's, else the latest READY version that was not rejected") int version,
            String label, Double value, @NonNull List<@NonNull ClassProbability> probabilities,
            @Description("Columns of this row whose value was missing (null, empty or a marker such as NA) and "
                    + "was imputed as in training") @NonNull List<@NonNull String> imputed) {
    }

    @Name("RunAttempt")
    @Description("One start of a run: attempt 1 is the first start, each restart adds one")
    public record RunAttemptView(int attempt, @NonNull String startedBy, @NonNull Instant startedAt) {
        static RunAttemptView of(dev.hone.registry.run.RunAttempt a) {
            return new RunAttemptView(a.attempt, a.startedBy, a.startedAt);
        }
    }

    @Name("ConfusionMatrix")
    @Description("Test-split counts: rows are true classes, columns predicted classes, both in label order")
    public record ConfusionMatrix(@NonNull List<@NonNull String> labels, @NonNull List<@NonNull List<@NonNull Long>> counts) {
    }

    @Name("RunStatusInfo")
    @Description("A status a run can have")
    public record RunStatusInfo(@NonNull RunStatus name, @NonNull String description,
            @Description("Whether a run with this status has ended for good (restartRun starts a new attempt)")
            boolean ended) {
        static RunStatusInfo of(RunStatus s) {
            return new RunStatusInfo(s, s.description(), s.isFinal());
        }
    }
}
