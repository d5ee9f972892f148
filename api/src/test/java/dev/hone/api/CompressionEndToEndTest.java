package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.TableFile;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.Json;
import dev.hone.registry.run.RunService;
import dev.hone.workflows.pipeline.PipelineStage;
import dev.hone.workflows.pipeline.StageArtifacts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run that asks for compression, over the public API: the COMPRESS stage runs between TRAIN and EVALUATE, the
 * version serves the candidate it kept (with its report: every candidate, the front, the parent), and that
 * model's answers over REST on the run's test rows are exactly those its evaluation counted. Bad settings are
 * refused before anything is recorded.
 */
@QuarkusTest
class CompressionEndToEndTest {

    private static final String VERSION = """
            query($m: String!) { modelVersion(model: $m) { kind reports { kind }
              metrics { name value }
              evaluation { rows confusionMatrix { labels counts } }
              compression { metric techniques objective accuracyBudget rmseBudget validationRows parentSawValidation
                chosen reason
                parent { name kind artifact metric bytes parameters batch1Micros rowsPerSecond withinBudget served }
                candidates { name steps kind artifact metric bytes parameters batch1Micros rowsPerSecond withinBudget
                  onFront served } } } }""";

    @Inject
    RunService runs;
    @Inject
    ArtifactStore store;

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    /** Digits: 1,797 rows of 8x8 images, 10 classes; 270 validation rows, enough to judge retrained students. */
    static byte[] digits() throws java.io.IOException {
        return java.nio.file.Files.readAllBytes(java.nio.file.Path.of("../ml/src/test/resources/datasets/digits.csv"));
    }

    @Test
    void theVersionServesTheKeptCandidateWhoseRestAnswersAreItsEvaluation() throws Exception {
        String model = Api.unique("compressed");
        String dataset = model + "-data";
        assertThat(Api.upload(SCIENTIST, dataset, digits()).statusCode()).isEqualTo(201);
        JsonPath started = graphql(SCIENTIST, """
                mutation($in: StartRunInput!) { startRun(input: $in) { id compression { techniques objective } } }""",
                Map.of("in", Map.of("dataset", dataset, "target", "digit", "task", "CLASSIFICATION", "modelName",
                        model, "seed", 7, "training", Map.of("maxEpochs", 40),
                        "compression", Map.of("techniques", List.of("QUANTIZE_INT8", "DISTIL"), "objective", "SIZE"))));
        assertThat(errorCode(started)).as(started.prettify()).isNull();
        assertThat(started.getList("data.startRun.compression.techniques")).containsExactly("QUANTIZE_INT8", "DISTIL");
        long runId = started.getLong("data.startRun.id");

        Map<String, Object> run = Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(5));
        assertThat(run.get("status")).as("%s", run).isEqualTo("SUCCEEDED");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) run.get("stages");
        assertThat(stages).extracting(s -> s.get("stage"))
                .containsExactly("PREPROCESS", "TRAIN", "COMPRESS", "EVALUATE", "VALIDATE", "REGISTER");

        JsonPath version = graphql(VIEWER, VERSION, Map.of("m", model));
        assertThat(errorCode(version)).as(version.prettify()).isNull();
        JsonPath c = new JsonPath(Json.write(version.getMap("data.modelVersion.compression")));
        assertThat(version.getList("data.modelVersion.reports.kind")).containsExactlyInAnyOrder("DATA_QUALITY",
                "EVALUATION", "COMPRESSION", "PASSPORT");
        assertThat(c.getString("metric")).isEqualTo("accuracy");
        assertThat(c.getString("objective")).isEqualTo("SIZE");
        assertThat(c.getDouble("accuracyBudget")).isEqualTo(1.0);
        assertThat(c.getInt("validationRows")).isGreaterThanOrEqualTo(200);
        assertThat(c.getBoolean("parentSawValidation")).as("a small set: the model learnt from every row").isTrue();
        assertThat(c.getString("parent.kind")).isEqualTo("FLOAT_MLP");
        assertThat(c.getString("parent.artifact")).as("the parent stays available").hasSize(64);
        // The default network has two hidden layers of 64: int8, three students, each student in int8 too.
        List<Map<String, Object>> candidates = c.getList("candidates");
        assertThat(candidates).extracting(m -> m.get("name")).containsExactly("int8", "student [32, 32]",
                "student [32, 32], int8", "student [16, 16]", "student [16, 16], int8", "student [16]",
                "student [16], int8");
        assertThat(candidates).allSatisfy(m -> {
            assertThat(((Number) m.get("bytes")).longValue()).isLessThan(c.getLong("parent.bytes"));
            assertThat(((Number) m.get("batch1Micros")).doubleValue()).isPositive();
            assertThat(((Number) m.get("rowsPerSecond")).doubleValue()).isPositive();
        });
        assertThat(candidates).filteredOn(m -> ((String) m.get("name")).endsWith("int8"))
                .allSatisfy(m -> assertThat(m.get("kind")).isEqualTo("INT8_MLP"));
        // int8 only rounds the weights: it answers (almost) as the float model did.
        assertThat(candidates.getFirst().get("withinBudget")).isEqualTo(true);

        String chosen = c.getString("chosen");
        assertThat(chosen).as(c.getString("reason")).isNotNull();
        Map<String, Object> served = candidates.stream().filter(m -> m.get("name").equals(chosen)).findFirst()
                .orElseThrow();
        assertThat(served.get("served")).isEqualTo(true);
        assertThat(served.get("withinBudget")).isEqualTo(true);
        assertThat(candidates).filteredOn(m -> Boolean.TRUE.equals(m.get("served"))).hasSize(1);
        assertThat(candidates).filteredOn(m -> Boolean.TRUE.equals(m.get("withinBudget")))
                .allSatisfy(m -> assertThat(((Number) m.get("bytes")).longValue())
                        .isGreaterThanOrEqualTo(((Number) served.get("bytes")).longValue()));
        assertThat(served.get("artifact")).isNotNull();
        assertThat(c.getString("reason")).startsWith(chosen + " is the best on SIZE");
        assertThat(version.getString("data.modelVersion.kind")).isEqualTo(served.get("kind"));
        assertThat(version.getList("data.modelVersion.metrics.name")).contains("accuracy");

        // Conformance: the served model's REST answers on the run's test rows are what its evaluation counted.
        StageArtifacts data = Json.read(runs.stageOutput(runId, PipelineStage.PREPROCESS.name()).orElseThrow(),
                StageArtifacts.class);
        DataTable test;
        try (InputStream in = store.open(data.testSplit())) {
            test = TableFile.read(in);
        }
        List<String> labels = version.getList("data.modelVersion.evaluation.confusionMatrix.labels");
        long[][] counts = new long[labels.size()][labels.size()];
        List<Map<String, String>> rows = new ArrayList<>();
        int species = test.columnIndex("digit");
        for (int r = 0; r < test.rowCount(); r++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int col = 0; col < test.columns().size(); col++) {
                if (col != species) {
                    row.put(test.columns().get(col), test.text(r, col));
                }
            }
            rows.add(row);
        }
        Response rest = Api.as(VIEWER).contentType("application/json").body(Map.of("rows", rows))
                .post("/api/models/" + model + "/predict");
        assertThat(rest.statusCode()).as(rest.asString()).isEqualTo(200);
        List<String> predicted = rest.jsonPath().getList("predictions.label");
        assertThat(predicted).hasSize(test.rowCount());
        for (int r = 0; r < test.rowCount(); r++) {
            counts[labels.indexOf(test.text(r, species))][labels.indexOf(predicted.get(r))]++;
        }
        List<List<Integer>> evaluated = version.getList("data.modelVersion.evaluation.confusionMatrix.counts");
        for (int t = 0; t < labels.size(); t++) {
            for (int p = 0; p < labels.size(); p++) {
                assertThat(counts[t][p]).as("true %s, predicted %s", labels.get(t), labels.get(p))
                        .isEqualTo(evaluated.get(t).get(p).longValue());
            }
        }
    }

    /**
     * On iris's 24 validation rows a retrained model (pruned, distilled) cannot be judged against a budget of a point:
     * only the int8 form is tried, and the reason says why; kept for its size (the objective here), the int8 version
     * predicts over REST.
     */
    @Test
    void onSmallDataOnlyTheInt8FormIsTriedAndTheReasonSaysWhy() throws Exception {
        String model = Api.unique("compressed-small");
        String dataset = model + "-data";
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", model, "seed", 7,
                        "compression", Map.of("objective", "SIZE")))).getLong("data.startRun.id");
        assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");

        JsonPath version = graphql(VIEWER, VERSION, Map.of("m", model));
        assertThat(version.getList("data.modelVersion.compression.candidates.name")).containsExactly("int8");
        assertThat(version.getString("data.modelVersion.compression.reason")).startsWith("[PRUNE_UNITS, DISTIL] not "
                + "tried: a retrained model is judged on at least 200 validation rows, this run has 24.");
        // int8 only rounds the weights: inside the budget, and a quarter of the float network's size.
        assertThat(version.getString("data.modelVersion.compression.chosen")).isEqualTo("int8");
        assertThat(version.getString("data.modelVersion.kind")).isEqualTo("INT8_MLP");
        Response rest = Api.as(VIEWER).contentType("application/json").body(Map.of("rows", List.of(Map.of(
                "sepal_length", "5.1", "sepal_width", "3.5", "petal_length", "1.4", "petal_width", "0.2"))))
                .post("/api/models/" + model + "/predict");
        assertThat(rest.statusCode()).as(rest.asString()).isEqualTo(200);
        assertThat(rest.jsonPath().getString("predictions[0].label")).isEqualTo("setosa");
    }

    /** A cancel while candidates are made stops the stage within seconds; the run ends CANCELLED, nothing served. */
    @Test
    void aCancelInsideCompressionEndsTheRunCancelledWithNothingServed() throws Exception {
        String model = Api.unique("compress-cancel");
        String dataset = model + "-data";
        assertThat(Api.upload(SCIENTIST, dataset, digits()).statusCode()).isEqualTo(201);
        // One-row batches: the parent trains in seconds, each student and fine-tuning for much longer.
        long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", dataset, "target", "digit", "task", "CLASSIFICATION", "modelName", model,
                        "training", Map.of("maxEpochs", 1, "batchSize", 1),
                        "compression", Map.of("techniques", List.of("PRUNE_UNITS", "DISTIL")))))
                .getLong("data.startRun.id");
        Api.awaitRun(runId, r -> "COMPRESS".equals(r.get("currentStage")), Duration.ofMinutes(2));
        Thread.sleep(1000); // inside the stage, not at its start

        assertThat(errorCode(graphql(SCIENTIST, "mutation($id: ID!) { cancelRun(id: $id) { id } }",
                Map.of("id", runId)))).isNull();
        long cancelled = System.nanoTime();
        Map<String, Object> run = Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(1));

        assertThat(run.get("status")).as("%s", run).isEqualTo("CANCELLED");
        assertThat(run.get("error")).isEqualTo("Cancelled by request during COMPRESS");
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(30));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) run.get("stages");
        assertThat(stages).extracting(s -> s.get("status")).doesNotContain("RUNNING");
        assertThat(errorCode(graphql(VIEWER, "query($m: String!) { model(name: $m) { versions { status } } }",
                Map.of("m", model)))).as("no version was registered").isEqualTo("NOT_FOUND");
    }

    @Test
    void badCompressionSettingsAreRefusedBeforeAnythingIsRecorded() {
        String dataset = Api.unique("compression-refusals");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        long before = runs.count(null, null);

        JsonPath negative = start(dataset, Map.of("accuracyBudget", -1));
        assertThat(errorCode(negative)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(negative)).contains("compression.accuracyBudget").contains("0 to 100").contains("-1");
        JsonPath huge = start(dataset, Map.of("rmseBudget", 5000));
        assertThat(errorCode(huge)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(huge)).contains("compression.rmseBudget").contains("0 to 1000");
        JsonPath twice = start(dataset, Map.of("techniques", List.of("DISTIL", "DISTIL")));
        assertThat(errorCode(twice)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(twice)).contains("twice").contains("DISTIL");
        JsonPath unknown = start(dataset, Map.of("techniques", List.of("SHRINK")));
        assertThat(errorCode(unknown)).isNotNull();
        assertThat(unknown.prettify()).contains("SHRINK");
        JsonPath badObjective = start(dataset, Map.of("objective", "COST"));
        assertThat(errorCode(badObjective)).isNotNull();
        assertThat(badObjective.prettify()).contains("COST");

        assertThat(runs.count(null, null)).as("no run recorded").isEqualTo(before);
    }

    private static JsonPath start(String dataset, Map<String, Object> compression) {
        return graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", dataset, "target", "species", "compression", compression)));
    }
}
