package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run with a small study: trials recorded, the best one's settings train the registered model. */
@QuarkusTest
class TuningEndToEndTest {

    private static final String START = "mutation($in: StartRunInput!) { startRun(input: $in) { id } }";

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    private static Map<String, Object> tuning(Object... overrides) {
        Map<String, Object> t = new java.util.HashMap<>(Map.of(
                "sampler", "TPE", "pruner", "ASHA", "objective", "validation_loss", "maxTrials", 6, "parallelism", 2,
                "minResource", 2, "reductionFactor", 3,
                "parameters", List.of(
                        Map.of("name", "learningRate", "type", "FLOAT", "low", 1e-4, "high", 3e-2, "log", true),
                        Map.of("name", "layers", "type", "INT", "low", 1, "high", 2),
                        Map.of("name", "width1", "type", "INT", "low", 8, "high", 64, "step", 8),
                        Map.of("name", "width2", "type", "INT", "low", 8, "high", 64, "step", 8,
                                "conditionParameter", "layers", "conditionValues", List.of("2")),
                        Map.of("name", "optimizer", "type", "CATEGORICAL", "choices", List.of("ADAM", "RMSPROP")),
                        Map.of("name", "maxEpochs", "type", "INT", "low", 6, "high", 12))));
        for (int i = 0; i < overrides.length; i += 2) {
            t.put((String) overrides[i], overrides[i + 1]);
        }
        return t;
    }

    @Test
    void studyFindsABestTrialAndItsSettingsTrainTheRegisteredModel() throws Exception {
        String dataset = Api.unique("iris-tune");
        String model = Api.unique("tuned");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        // A fixed seed: the same proposals every time, some of which ASHA stops.
        JsonPath started = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", dataset, "target", "species",
                "modelName", model, "seed", 42, "tuning", tuning())));
        assertThat(errorCode(started)).as(started.prettify()).isNull();
        long runId = started.getLong("data.startRun.id");
        long studyId = awaitStudy(runId);
        GraphQLStream stream = GraphQLStream.open(GraphQLStream.basic(VIEWER, Api.PASSWORD), null,
                "subscription { trialUpdates(studyId: " + studyId + ") { number status value } }", "trialUpdates");
        Map<String, Object> run = Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(4));
        assertThat(run.get("status")).as("%s", run).isEqualTo("SUCCEEDED");

        JsonPath study = graphql(VIEWER, """
                query($id: ID!) { run(id: $id) { stages { stage status }
                  study { id status sampler maxTrials bestTrialNumber bestValue folds choice
                    spec { maxTrials parameters { name type } }
                    trials { number status value foldValues intermediateValues parameters { name number text }
                      settings { maxEpochs } }
                    bestTrial { number settings { learningRate } }
                    importance { parameter importance } } } }""", Map.of("id", runId));
        assertThat(errorCode(study)).as(study.prettify()).isNull();
        assertThat(study.getList("data.run.stages.stage"))
                .containsExactly("PREPROCESS", "TUNE", "TRAIN", "EVALUATE", "VALIDATE", "REGISTER");
        assertThat(study.getString("data.run.study.status")).isEqualTo("COMPLETED");
        // 127 training + validation rows: each trial is scored by 5-fold cross-validation.
        assertThat(study.getInt("data.run.study.folds")).isEqualTo(5);
        List<Map<String, Object>> trials = study.getList("data.run.study.trials");
        assertThat(trials).hasSize(6);
        assertThat(trials).allSatisfy(t -> assertThat(t.get("status")).isIn("COMPLETED", "PRUNED"));
        List<Map<String, Object>> importance = study.getList("data.run.study.importance");
        if (trials.stream().filter(t -> t.get("status").equals("COMPLETED")).count() < 4) {
            assertThat(importance).as("too few completed trials to tell").isEmpty();
        } else {
            assertThat(importance).extracting(i -> i.get("parameter")).containsExactlyInAnyOrder("learningRate",
                    "layers", "width1", "width2", "optimizer", "maxEpochs");
            assertThat(importance.stream().mapToDouble(i -> ((Number) i.get("importance")).doubleValue()).sum())
                    .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-3));
        }
        assertThat(study.getList("data.run.study.spec.parameters.name")).contains("layers", "width2");
        assertThat(trials).allSatisfy(t -> {
            @SuppressWarnings("unchecked")
            Map<String, Number> given = ((List<Map<String, Object>>) t.get("parameters")).stream()
                    .filter(p -> p.get("number") != null)
                    .collect(java.util.stream.Collectors.toMap(p -> (String) p.get("name"), p -> (Number) p.get("number")));
            assertThat(given.containsKey("width2")).as("%s", given)
                    .isEqualTo(given.containsKey("layers") && given.get("layers").intValue() == 2);
        });
        // ASHA, applied by each trial to the study's stored curves, stopped some trials before their epoch
        // budget, each at one of its rungs (2 and 6 epochs: minResource 2, reduction factor 3).
        assertThat(trials).as("%s", trials).anySatisfy(t -> assertThat(t.get("status")).isEqualTo("PRUNED"));
        assertThat(trials).filteredOn(t -> "PRUNED".equals(t.get("status"))).allSatisfy(t -> {
            int epochs = ((List<?>) t.get("intermediateValues")).size();
            @SuppressWarnings("unchecked")
            int maxEpochs = ((Number) ((Map<String, Object>) t.get("settings")).get("maxEpochs")).intValue();
            assertThat(epochs).isLessThan(maxEpochs);
            assertThat(epochs).isIn(2, 6);
        });
        // A completed trial keeps each fold's value; its value is their mean (read back as floats here).
        assertThat(trials).filteredOn(t -> "COMPLETED".equals(t.get("status"))).allSatisfy(t -> {
            @SuppressWarnings("unchecked")
            List<Number> folds = (List<Number>) t.get("foldValues");
            assertThat(folds).hasSize(5);
            assertThat(folds.stream().mapToDouble(Number::doubleValue).average().orElseThrow())
                    .isCloseTo(((Number) t.get("value")).doubleValue(), org.assertj.core.api.Assertions.within(1e-6));
        });
        // Trials come best first. The run trains the best one if its lead over trial 0 (the base settings) is
        // clear on the folds, else trial 0; the study says which.
        Map<String, Object> first = trials.get(0);
        assertThat(first.get("status")).isEqualTo("COMPLETED");
        int best = ((Number) first.get("number")).intValue();
        int trained = study.getInt("data.run.study.bestTrial.number");
        String choice = study.getString("data.run.study.choice");
        boolean baseCompleted = trials.stream().anyMatch(t -> ((Number) t.get("number")).intValue() == 0
                && "COMPLETED".equals(t.get("status")));
        if (best == 0 || !baseCompleted) {
            assertThat(trained).isEqualTo(best);
            assertThat(choice).isEqualTo("trial " + best + ": the best on validation_loss");
        } else if (trained == 0) {
            assertThat(choice).startsWith("trial 0 (the base settings): the best on validation_loss, trial " + best
                    + ", was ahead of it by ").contains("within the standard error");
        } else {
            assertThat(trained).isEqualTo(best);
            assertThat(choice).startsWith("trial " + best + ": the best on validation_loss, ahead of trial 0")
                    .contains("more than the standard error");
        }

        // The subscription streamed every trial to its end, then completed.
        List<Map<String, Object>> updates = stream.awaitCompletion(Duration.ofSeconds(30));
        assertThat(updates).extracting(u -> ((Number) u.get("number")).intValue()).containsAll(List.of(0, 1, 2, 3, 4, 5));
        Map<Integer, Object> lastStatus = new java.util.HashMap<>();
        updates.forEach(u -> lastStatus.put(((Number) u.get("number")).intValue(), u.get("status")));
        assertThat(lastStatus.values()).allSatisfy(st -> assertThat(st).isIn("COMPLETED", "PRUNED"));

        JsonPath version = graphql(VIEWER, "query($m: String!) { modelVersion(model: $m) { kind parameters { config { "
                + "learningRate ensembleSize } } study { id } } }", Map.of("m", model));
        // The model after a study averages five networks of the best trial's settings (the run named no number).
        assertThat(version.getString("data.modelVersion.kind")).isEqualTo("MLP_ENSEMBLE");
        assertThat(version.getInt("data.modelVersion.parameters.config.ensembleSize")).isEqualTo(5);
        assertThat(version.getLong("data.modelVersion.study.id")).isEqualTo(study.getLong("data.run.study.id"));
        double bestLr = study.getDouble("data.run.study.bestTrial.settings.learningRate");
        double usedLr = version.getDouble("data.modelVersion.parameters.config.learningRate");
        assertThat(usedLr).isEqualTo(bestLr);
    }

    private static long awaitStudy(long runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath r = graphql(VIEWER, "query($id: ID!) { run(id: $id) { study { id } } }", Map.of("id", runId));
            if (r.get("data.run.study") != null) {
                return r.getLong("data.run.study.id");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The run did not create its study in time");
    }

    @Test
    void regressionStudyOptimisesValidationRmse() throws Exception {
        String dataset = Api.unique("iris-regress");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        JsonPath started = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", dataset, "target", "petal_width",
                "task", "REGRESSION", "tuning", Map.of("sampler", "MULTIVARIATE_TPE", "objective", "validation_rmse",
                        "maxTrials", 2, "sampleRows", 100, "parameters", List.of(
                                Map.of("name", "learningRate", "type", "FLOAT", "low", 1e-3, "high", 1e-2, "log", true),
                                Map.of("name", "maxEpochs", "type", "INT", "low", 3, "high", 5))))));
        assertThat(errorCode(started)).as(started.prettify()).isNull();
        long runId = started.getLong("data.startRun.id");
        assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(2)).get("status")).isEqualTo("SUCCEEDED");
        JsonPath study = graphql(VIEWER, "query($id: ID!) { run(id: $id) { study { direction objective bestValue "
                + "sampleRows trials { number status settings { learningRate maxEpochs } } } } }", Map.of("id", runId));
        // Trials trained on 100 of the 105 training rows, drawn once when the study began.
        assertThat(study.getInt("data.run.study.sampleRows")).isEqualTo(100);
        assertThat(study.getString("data.run.study.direction")).isEqualTo("MINIMIZE");
        assertThat(study.getList("data.run.study.trials.status")).containsOnly("COMPLETED").hasSize(2);
        assertThat(study.getDouble("data.run.study.bestValue")).isPositive();
        // Trial 0 trains the run's own settings (the defaults: Adam 3e-3, at most 200 epochs) moved into the
        // space: the learning rate as it is, the epochs clamped to the space's 5.
        Map<String, Object> zero = study.<Map<String, Object>>getList("data.run.study.trials").stream()
                .filter(t -> ((Number) t.get("number")).intValue() == 0).findFirst().orElseThrow();
        assertThat(zero.get("settings")).isEqualTo(Map.of("learningRate", 3e-3f, "maxEpochs", 5));
        // A regressor's evaluation: RMSE, MAE and R^2 each with an interval, and how its errors are spread.
        JsonPath evaluation = graphql(VIEWER, "query($id: ID!) { run(id: $id) { modelVersion { evaluation { "
                + "metrics { name value low high } residuals { mean std min p05 median p95 max } } } } }",
                Map.of("id", runId));
        List<Map<String, Object>> metrics = evaluation.getList("data.run.modelVersion.evaluation.metrics");
        assertThat(metrics).extracting(m -> m.get("name")).containsExactly("rmse", "mae", "r2");
        assertThat(metrics).allSatisfy(m -> assertThat(((Number) m.get("low")).floatValue())
                .isLessThanOrEqualTo(((Number) m.get("value")).floatValue())
                .isLessThan(((Number) m.get("high")).floatValue()));
        Map<String, Float> residuals = evaluation.getMap("data.run.modelVersion.evaluation.residuals");
        assertThat(residuals.get("min")).isLessThanOrEqualTo(residuals.get("p05"));
        assertThat(residuals.get("p05")).isLessThanOrEqualTo(residuals.get("median"));
        assertThat(residuals.get("median")).isLessThanOrEqualTo(residuals.get("p95"));
        assertThat(residuals.get("p95")).isLessThanOrEqualTo(residuals.get("max"));
        float rmse = ((Number) metrics.get(0).get("value")).floatValue();
        // RMSE^2 = bias^2 + variance of the residuals
        assertThat(residuals.get("mean") * residuals.get("mean") + residuals.get("std") * residuals.get("std"))
                .isCloseTo(rmse * rmse, org.assertj.core.api.Assertions.within(1e-3f * rmse * rmse + 1e-6f));
    }

    /**
     * Retraining that starts where the last study ended: a second run of the same model asked to warm-start from
     * two trials tries the first study's two best configurations as its trials 1 and 2 (trial 0 stays the run's
     * own settings), then samples as usual; a first study of a model has nothing to start from and runs cold.
     */
    @Test
    void aWarmStartedStudyFirstTriesTheBestTrialsOfTheModelsPreviousStudy() throws Exception {
        String dataset = Api.unique("iris-warm");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        String model = Api.unique("warm");
        String study = "query($id: ID!) { run(id: $id) { study { id bestValue warmStartTrials warmStartedFromStudyId "
                + "trials { number status value settings { learningRate hiddenLayers optimizer maxEpochs } } } } }";
        long[] runs = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonPath started = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", dataset, "target", "species",
                    "modelName", model, "tuning", tuning("pruner", "NONE", "maxTrials", 4, "warmStartTrials", 2))));
            assertThat(errorCode(started)).as(started.prettify()).isNull();
            runs[i] = started.getLong("data.startRun.id");
            assertThat(Api.awaitRun(runs[i], Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");
        }
        JsonPath first = graphql(VIEWER, study, Map.of("id", runs[0]));
        assertThat(first.getString("data.run.study.warmStartedFromStudyId")).as("nothing to start from").isNull();
        JsonPath second = graphql(VIEWER, study, Map.of("id", runs[1]));
        assertThat(second.getLong("data.run.study.warmStartedFromStudyId")).isEqualTo(first.getLong("data.run.study.id"));
        assertThat(second.getInt("data.run.study.warmStartTrials")).isEqualTo(2);
        List<Map<String, Object>> earlier = first.getList("data.run.study.trials");
        List<Object> bestTwo = earlier.stream().filter(t -> "COMPLETED".equals(t.get("status")))
                .sorted(java.util.Comparator.comparingDouble(t -> ((Number) t.get("value")).doubleValue()))
                .limit(2).map(t -> t.get("settings")).toList();
        List<Map<String, Object>> later = second.getList("data.run.study.trials");
        Map<Integer, Object> byNumber = new java.util.HashMap<>();
        later.forEach(t -> byNumber.put(((Number) t.get("number")).intValue(), t.get("settings")));
        assertThat(List.of(byNumber.get(1), byNumber.get(2))).isEqualTo(bestTwo);
        assertThat(later).hasSize(4);
    }

    /**
     * A study with a cost (here SIZE): every completed trial records its model's parameter count, the study keeps
     * the Pareto front of the objective and the cost, and the run trains the cheapest trial within the default
     * tolerance (1%) of the best objective: the architecture search picks the smaller network when it is as good.
     */
    @Test
    void aStudyWithACostKeepsTheFrontOfObjectiveAndSize() throws Exception {
        String dataset = Api.unique("iris-cost");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        JsonPath started = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", dataset, "target", "species",
                "seed", 5, "tuning", tuning("pruner", "NONE", "parallelism", 1, "cost", "SIZE"))));
        assertThat(errorCode(started)).as(started.prettify()).isNull();
        long runId = started.getLong("data.startRun.id");
        assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(4)).get("status")).isEqualTo("SUCCEEDED");

        JsonPath r = graphql(VIEWER, """
                query($id: ID!) { run(id: $id) { study { cost costTolerance bestTrialNumber
                  trials { number status value cost parameters { name number } }
                  front { number value cost } }
                  modelVersion { parameters { inputSize outputSize config { hiddenLayers } } } } }""", Map.of("id", runId));
        assertThat(errorCode(r)).as(r.prettify()).isNull();
        assertThat(r.getString("data.run.study.cost")).isEqualTo("SIZE");
        List<Map<String, Object>> trials = r.getList("data.run.study.trials");
        assertThat(trials).hasSize(6).allSatisfy(t -> {
            assertThat(t.get("status")).isEqualTo("COMPLETED");
            // 4 inputs, widths as sampled, 3 classes: weights and biases of every layer
            Map<String, Double> p = new java.util.HashMap<>();
            for (Object o : (List<?>) t.get("parameters")) {
                Map<?, ?> m = (Map<?, ?>) o;
                if (m.get("number") != null) {
                    p.put((String) m.get("name"), ((Number) m.get("number")).doubleValue());
                }
            }
            int layers = p.getOrDefault("layers", 2.0).intValue();
            long width1 = p.getOrDefault("width1", 64.0).longValue();
            long expected = layers == 1 ? 4 * width1 + width1 + width1 * 3 + 3
                    : 4 * width1 + width1 + width1 * p.get("width2").longValue() + p.get("width2").longValue()
                            + p.get("width2").longValue() * 3 + 3;
            assertThat(((Number) t.get("cost")).longValue()).as("trial %s", t.get("number")).isEqualTo(expected);
        });
        List<Map<String, Object>> front = r.getList("data.run.study.front");
        assertThat(front).isNotEmpty();
        for (Map<String, Object> f : front) {
            double value = ((Number) f.get("value")).doubleValue();
            double cost = ((Number) f.get("cost")).doubleValue();
            assertThat(trials).as("nothing beats trial %s on both", f.get("number")).noneMatch(t -> {
                double v = ((Number) t.get("value")).doubleValue();
                double c = ((Number) t.get("cost")).doubleValue();
                return v <= value && c <= cost && (v < value || c < cost);
            });
        }
        assertThat(front).extracting(f -> ((Number) f.get("cost")).doubleValue()).isSorted();
        // Trained: the cheapest trial whose validation loss is within 1% of the best one's (ties: lower loss).
        assertThat(r.getDouble("data.run.study.costTolerance")).isEqualTo(1.0);
        double best = trials.stream().mapToDouble(t -> ((Number) t.get("value")).doubleValue()).min().orElseThrow();
        Map<String, Object> cheapest = trials.stream()
                .filter(t -> ((Number) t.get("value")).doubleValue() <= best * 1.01)
                .min(java.util.Comparator.comparingDouble((Map<String, Object> t) -> ((Number) t.get("cost")).doubleValue())
                        .thenComparingDouble(t -> ((Number) t.get("value")).doubleValue())).orElseThrow();
        int trained = r.getInt("data.run.study.bestTrialNumber");
        assertThat(trained).isEqualTo(cheapest.get("number"));
        assertThat(front).extracting(f -> f.get("number")).contains(trained);
        // and the registered model is that trial's network
        List<Integer> widths = r.getList("data.run.modelVersion.parameters.config.hiddenLayers", Integer.class);
        long size = 0;
        int previous = r.getInt("data.run.modelVersion.parameters.inputSize");
        for (int w : widths) {
            size += (long) previous * w + w;
            previous = w;
        }
        size += (long) previous * r.getInt("data.run.modelVersion.parameters.outputSize")
                + r.getInt("data.run.modelVersion.parameters.outputSize");
        assertThat(size).isEqualTo(((Number) cheapest.get("cost")).longValue());
    }

    @Test
    void invalidSpacesAreRefusedBeforeAnythingStarts() {
        String dataset = Api.unique("iris-bad-space");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        Map<String, String> cases = new java.util.LinkedHashMap<>(Map.of(
                "low > high", "learningRate",
                "log touching zero", "learningRate",
                "unknown parameter", "momentum",
                "parallelism", "parallelism",
                "unknown optimizer", "optimizer.choices",
                "grid too large", "maxTrials",
                "tiny sample", "tuning.sampleRows: must be at least 100, was 5",
                "GP with a cost", "tuning.cost: the GP sampler optimizes one objective",
                "tolerance without a cost", "tuning.costTolerance: applies only to a study with a cost",
                "negative tolerance", "tuning.costTolerance must be between 0 and 100 percent, was -1.0"));
        cases.put("warm start beyond the budget", "tuning.warmStartTrials: must be 0 to 5");
        cases.put("warm-started grid", "tuning.warmStartTrials: a GRID study enumerates its points");
        for (var c : cases.entrySet()) {
            Map<String, Object> t = switch (c.getKey()) {
                case "low > high" -> tuning("parameters", List.of(
                        Map.of("name", "learningRate", "type", "FLOAT", "low", 0.1, "high", 0.01)));
                case "log touching zero" -> tuning("parameters", List.of(
                        Map.of("name", "learningRate", "type", "FLOAT", "low", 0.0, "high", 0.1, "log", true)));
                case "unknown parameter" -> tuning("parameters", List.of(
                        Map.of("name", "momentum", "type", "FLOAT", "low", 0.1, "high", 0.9)));
                case "parallelism" -> tuning("parallelism", 0);
                case "tiny sample" -> tuning("sampleRows", 5);
                case "GP with a cost" -> tuning("sampler", "GP", "cost", "SIZE");
                case "tolerance without a cost" -> tuning("costTolerance", 5.0);
                case "negative tolerance" -> tuning("cost", "SIZE", "costTolerance", -1.0);
                case "warm start beyond the budget" -> tuning("warmStartTrials", 6);
                case "warm-started grid" -> tuning("sampler", "GRID", "maxTrials", 100, "gridPoints", 2,
                        "warmStartTrials", 2);
                case "unknown optimizer" -> tuning("parameters", List.of(
                        Map.of("name", "optimizer", "type", "CATEGORICAL", "choices", List.of("ADAM", "LION"))));
                default -> tuning("sampler", "GRID", "maxTrials", 4, "gridPoints", 3);
            };
            JsonPath r = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", dataset, "target", "species",
                    "tuning", t)));
            assertThat(errorCode(r)).as(c.getKey()).isEqualTo("INVALID_INPUT");
            assertThat(errorMessage(r)).as(c.getKey()).contains(c.getValue());
        }
        JsonPath runs = graphql(VIEWER, "query($d: String!) { runs(dataset: $d) { pageInfo { total } } }",
                Map.of("d", dataset));
        assertThat(runs.getInt("data.runs.pageInfo.total")).isZero();
    }
}
