package dev.hone.activities.pipeline;

import dev.hone.activities.common.WorkerDrain;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.metrics.ClassificationMetrics;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.report.EvaluationReport;
import dev.hone.ml.report.PassportReport;
import dev.hone.ml.servable.FloatMlpFormat;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.ServableModels;
import dev.hone.ml.validation.ChampionChallenger;
import dev.hone.ml.validation.GatePolicy;
import dev.hone.ml.validation.Networks;
import dev.hone.ml.validation.Passport;
import dev.hone.registry.common.Json;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.run.RunService;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.PipelineStage;
import dev.hone.workflows.pipeline.ValidateRequest;
import dev.hone.workflows.pipeline.Validation;
import dev.hone.workflows.pipeline.ValidationActivities;
import dev.hone.workflows.pipeline.ValidationPart;
import dev.hone.workflows.pipeline.ValidationPartResult;
import dev.hone.workflows.pipeline.ValidationSettings;
import io.quarkus.logging.Log;
import io.temporal.activity.Activity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The validation stage: each part of the passport ({@link Passport}) on the model the version will serve, then the
 * parts merged and judged by the run's gate. A part heartbeats between units of work, so a cancelled run or a
 * stopping worker stops it within seconds; a retried part measures the same (its samples are seeded by the run).
 */
@ApplicationScoped
public class ValidationActivitiesImpl implements ValidationActivities {

    private static final String STAGE = PipelineStage.VALIDATE.name();
    /** The aliases whose version a new one is compared with, in order of preference. */
    static final List<String> CHAMPION_ALIASES = List.of(ModelRegistryService.PRODUCTION, "champion");

    private final RunService runs;
    private final ModelRegistryService registry;
    private final ArtifactIO artifacts;
    private final WorkerDrain drain;

    public ValidationActivitiesImpl(RunService runs, ModelRegistryService registry, ArtifactIO artifacts,
            WorkerDrain drain) {
        this.runs = runs;
        this.registry = registry;
        this.artifacts = artifacts;
        this.drain = drain;
    }

    @Override
    public ValidationPartResult measure(ValidateRequest request, ValidationPart part) {
        return Failures.classify(() -> {
            String workflowId = StageTries.begin(runs, request.runId(), STAGE);
            artifacts.checkWritable();
            StageHeartbeat heartbeat = new StageHeartbeat(Activity.getExecutionContext(), runs, drain,
                    request.runId(), workflowId, STAGE, 0);
            String doing = "validating: " + part.name().toLowerCase(java.util.Locale.ROOT);
            heartbeat.step(doing);
            FittedTransform transform = artifacts.readTransform(request.model().transform(request.data()));
            DataTable train = artifacts.readTable(request.data().trainSplit());
            DataTable validation = artifacts.readTable(request.data().validationSplit());
            DataTable test = artifacts.readTable(request.data().testSplit());
            ValidationSettings settings = settings(request);
            PassportReport measured;
            try (ServableModel model = artifacts.readModel(TrainingJob.kind(request.model().kind()),
                    request.model().configJson(), request.model().weightsArtifact())) {
                Passport.Inputs in = new Passport.Inputs(transform, model::predict,
                        new Networks(ServableModels.networksOf(model)), train, validation, test, request.seed(),
                        () -> heartbeat.step(doing));
                measured = switch (part) {
                    case PERFORMANCE -> {
                        EvaluationReport evaluation = artifacts.readJson(request.evaluation().reportArtifact(),
                                EvaluationReport.class);
                        yield Passport.performance(in, evaluation).merge(champion(request, in, model));
                    }
                    case EXPLANATIONS -> Passport.explanations(in, Passport.Sizes.DEFAULT);
                    case ROBUSTNESS -> Passport.robustness(in, Passport.Sizes.DEFAULT);
                    case DATA -> Passport.data(in, settings.sensitiveColumnsOrNone(), settings.favourableClass());
                    case MITIGATION -> settings.reweighingAsked() && !settings.sensitiveColumnsOrNone().isEmpty()
                            ? Passport.mitigation(in, settings.sensitiveColumnsOrNone().getFirst(),
                                    settings.favourableClass(),
                                    FloatMlpFormat.descriptor(request.model().configJson()).config())
                            : PassportReport.empty(transform.task(), test.rowCount());
                };
            }
            return new ValidationPartResult(part, artifacts.writeJson(measured));
        });
    }

    @Override
    public Validation judge(ValidateRequest request, List<ValidationPartResult> parts) {
        var stored = runs.stageOutput(request.runId(), STAGE);
        if (stored.isPresent() && stored.get() != null) {
            return Json.read(stored.get(), Validation.class);
        }
        return Failures.classify(() -> {
            String workflowId = StageTries.begin(runs, request.runId(), STAGE);
            PassportReport passport = null;
            for (ValidationPartResult part : parts) {
                PassportReport p = artifacts.readJson(part.reportArtifact(), PassportReport.class);
                passport = passport == null ? p : passport.merge(p);
            }
            if (passport == null) {
                throw new IllegalArgumentException("The validation stage measured no part");
            }
            PassportReport.Gate gate = policy(settings(request)).judge(passport);
            passport = passport.withGate(gate);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("gate_passed", gate.passed() ? 1.0 : 0.0);
            metrics.put("checks", (double) gate.checks().size());
            metrics.put("failed_checks", (double) gate.reasons().size());
            passport.seconds().forEach((part, s) -> metrics.put(part + "_seconds", s));
            ValidationSettings settings = settings(request);
            Double temperature = Boolean.TRUE.equals(settings.temperatureScaling()) && passport.calibration() != null
                    && passport.calibration().scalingHelps() ? passport.calibration().temperature() : null;
            if (temperature != null) {
                metrics.put("temperature", temperature);
            }
            Validation result = new Validation(artifacts.writeJson(passport), gate.passed(), gate.reasons(), metrics,
                    temperature);
            Log.infof("Run %d: passport of %d test rows, parts took %s s; gate %s", request.runId(),
                    passport.testRows(), passport.seconds(), gate.passed() ? "passed" : "failed: " + gate.reasons());
            runs.stageProgress(request.runId(), workflowId, STAGE, 1, gate.passed()
                    ? "gate passed (" + gate.checks().size() + " checks)"
                    : "gate failed: " + String.join("; ", gate.reasons()), null);
            runs.saveStageOutput(request.runId(), workflowId, STAGE, Json.write(result));
            return result;
        });
    }

    /** The run's validation settings, the defaults when it gave none. */
    private static ValidationSettings settings(ValidateRequest request) {
        return request.settings() == null ? ValidationSettings.defaults() : request.settings();
    }

    /** The run's gate settings as the library's policy. */
    static GatePolicy policy(ValidationSettings s) {
        return new GatePolicy(s.metricLimitsOrNone().stream().collect(Collectors.toMap(
                ValidationSettings.MetricLimit::metric, ValidationSettings.MetricLimit::limit)),
                s.championMarginOrDefault(), s.minHalvingEpsilon(), s.maxParityDifference(), s.minDisparateImpact(),
                s.maxCalibrationError());
    }

    /**
     * The new model against the version its model's {@code production} (else {@code champion}) alias points at, on
     * this run's test rows through the champion's own transform; a passport without the section when there is none.
     */
    private PassportReport champion(ValidateRequest request, Passport.Inputs in, ServableModel challenger) {
        PassportReport none = PassportReport.empty(in.transform().task(), in.test().rowCount());
        Optional<String> alias = CHAMPION_ALIASES.stream()
                .filter(a -> registry.aliased(request.modelName(), a).isPresent()).findFirst();
        if (alias.isEmpty()) {
            return none;
        }
        ModelVersion champion = registry.aliased(request.modelName(), alias.get()).orElseThrow();
        FittedTransform ours = in.transform();
        String notComparable = null;
        PassportReport.ChampionSection section;
        if (!ours.task().name().equals(champion.task)) {
            notComparable = "it is a " + champion.task + " model and the new one a " + ours.task() + " model";
        }
        if (notComparable == null) {
            try (ServableModel model = artifacts.readModel(ModelKind.valueOf(champion.kind), champion.parametersJson,
                    champion.weightsSha)) {
                FittedTransform theirs = artifacts.readTransform(champion.transformSha);
                float[][] theirOut;
                try {
                    theirOut = model.predict(theirs.transform(in.test()));
                } catch (IllegalArgumentException e) {
                    theirOut = null;
                    notComparable = "it cannot read this run's test rows (" + e.getMessage() + ")";
                }
                float[][] ourOut = challenger.predict(ours.transform(in.test()));
                if (theirOut != null && ours.task() == Task.CLASSIFICATION) {
                    List<String> labels = ours.classLabels();
                    int[] truth = ours.encodeClasses(in.test());
                    int[] theirClasses = new int[truth.length];
                    int[] ourClasses = new int[truth.length];
                    for (int r = 0; r < truth.length; r++) {
                        // The champion's classes by name: a label it predicts that these rows lack counts as wrong.
                        theirClasses[r] = labels.indexOf(theirs.classLabels().get(
                                ClassificationMetrics.argMax(theirOut[r])));
                        ourClasses[r] = ClassificationMetrics.argMax(ourOut[r]);
                    }
                    section = new PassportReport.ChampionSection(alias.get(), champion.version,
                            ChampionChallenger.compare(truth, theirClasses, ourClasses, request.seed()), null, null);
                    return none.withChampion(section);
                }
                if (theirOut != null) {
                    double[] truth = ours.regressionTarget(in.test());
                    double[] theirValues = new double[truth.length];
                    double[] ourValues = new double[truth.length];
                    for (int r = 0; r < truth.length; r++) {
                        theirValues[r] = theirs.decodeRegression(theirOut[r][0]);
                        ourValues[r] = ours.decodeRegression(ourOut[r][0]);
                    }
                    section = new PassportReport.ChampionSection(alias.get(), champion.version, null,
                            ChampionChallenger.compareRegression(truth, theirValues, ourValues, request.seed()), null);
                    return none.withChampion(section);
                }
            }
        }
        return none.withChampion(new PassportReport.ChampionSection(alias.get(), champion.version, null, null,
                notComparable));
    }
}
