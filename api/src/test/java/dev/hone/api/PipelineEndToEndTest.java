package dev.hone.api;

import static dev.hone.api.Api.ADMIN;
import static dev.hone.api.Api.APPROVER;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upload -> run -> registered model -> predictions, over the public API, on the real iris data. */
@QuarkusTest
class PipelineEndToEndTest {

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void irisRunRegistersAnAccurateModelThatPredictsKnownRows() throws Exception {
        String dataset = Api.unique("iris-e2e");
        String model = Api.unique("iris-model");
        var upload = Api.upload(SCIENTIST, dataset, Api.iris());
        assertThat(upload.statusCode()).isIn(200, 201);
        JsonPath up = upload.jsonPath();
        assertThat(up.getInt("profile.rowCount")).isEqualTo(150);
        assertThat(up.getString("sha256")).hasSize(64);

        JsonPath started = graphql(SCIENTIST, """
                mutation($in: StartRunInput!) { startRun(input: $in) { id status modelName } }""",
                Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", model,
                        "seed", 7)));
        assertThat(errorCode(started)).isNull();
        long runId = started.getLong("data.startRun.id");

        Map<String, Object> run = Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3));
        assertThat(run.get("status")).as("run %s", run).isEqualTo("SUCCEEDED");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) run.get("stages");
        assertThat(stages).extracting(s -> s.get("stage"))
                .containsExactly("PREPROCESS", "TRAIN", "EVALUATE", "VALIDATE", "REGISTER");
        assertThat(stages).allSatisfy(s -> assertThat(s.get("status")).isEqualTo("SUCCEEDED"));

        JsonPath version = graphql(VIEWER, """
                query($m: String!) { modelVersion(model: $m) {
                    version status task kind classLabels metrics { name value }
                    inputSignature { name type }
                    run { id target }
                    datasetVersion { dataset version rowCount }
                    confusionMatrix { labels counts }
                    evaluation { task rows intervalLevel resamples metrics { name value low high } confusionMatrix { labels } }
                    reports { kind schemaVersion artifact } } }""", Map.of("m", model));
        assertThat(errorCode(version)).isNull();
        assertThat(version.getString("data.modelVersion.status")).isEqualTo("READY");
        assertThat(version.getString("data.modelVersion.task")).isEqualTo("CLASSIFICATION");
        assertThat(version.getString("data.modelVersion.kind")).isEqualTo("FLOAT_MLP");
        assertThat(version.getLong("data.modelVersion.run.id")).isEqualTo(runId);
        assertThat(version.getString("data.modelVersion.datasetVersion.dataset")).isEqualTo(dataset);
        assertThat(version.getList("data.modelVersion.inputSignature.name"))
                .containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
        float accuracy = version.getFloat("data.modelVersion.metrics.find { it.name == 'accuracy' }.value");
        assertThat(accuracy).isGreaterThanOrEqualTo(0.9f);
        List<List<Integer>> confusion = version.getList("data.modelVersion.confusionMatrix.counts");
        assertThat(confusion).hasSize(3);
        assertThat(version.getInt("data.modelVersion.evaluation.rows"))
                .isEqualTo(confusion.stream().flatMap(List::stream).mapToInt(Integer::intValue).sum());
        assertThat(version.getFloat("data.modelVersion.evaluation.metrics.find { it.name == 'accuracy' }.value"))
                .isEqualTo(accuracy);
        // Every test metric comes with its 95% bootstrap interval; on iris's ~22 test rows an accuracy below 1 is
        // uncertain by several points.
        assertThat(version.getFloat("data.modelVersion.evaluation.intervalLevel")).isEqualTo(0.95f);
        assertThat(version.getInt("data.modelVersion.evaluation.resamples")).isEqualTo(1000);
        List<Map<String, Object>> metrics = version.getList("data.modelVersion.evaluation.metrics");
        assertThat(metrics).extracting(m -> m.get("name")).contains("accuracy", "macro_f1", "log_loss");
        assertThat(metrics).allSatisfy(m -> {
            float value = ((Number) m.get("value")).floatValue();
            assertThat(((Number) m.get("low")).floatValue()).as("%s", m).isLessThanOrEqualTo(value);
            assertThat(((Number) m.get("high")).floatValue()).as("%s", m).isGreaterThanOrEqualTo(value);
        });
        Map<String, Object> acc = metrics.stream().filter(m -> m.get("name").equals("accuracy")).findFirst().orElseThrow();
        if (accuracy < 1) {
            assertThat(((Number) acc.get("high")).floatValue() - ((Number) acc.get("low")).floatValue()).isGreaterThan(0.05f);
        }
        assertThat(version.getList("data.modelVersion.reports.kind")).containsExactly("DATA_QUALITY", "EVALUATION",
                "PASSPORT");
        assertThat(version.getList("data.modelVersion.reports.schemaVersion")).containsOnly(1);

        JsonPath predicted = graphql(VIEWER, """
                query($m: String!, $rows: [[CellInput!]!]!) { predict(model: $m, rows: $rows) {
                    label probabilities { label probability } } }""",
                Map.of("m", model, "rows", List.of(
                        row("5.1", "3.5", "1.4", "0.2"),
                        row("7.0", "3.2", "4.7", "1.4"),
                        row("6.3", "3.3", "6.0", "2.5"))));
        assertThat(errorCode(predicted)).isNull();
        assertThat(predicted.getList("data.predict.label")).containsExactly("setosa", "versicolor", "virginica");
        List<Float> probabilities = predicted.getList("data.predict[0].probabilities.probability");
        assertThat(probabilities.stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));

        // Aliases and tags; then the alias resolves to the same version.
        int v = version.getInt("data.modelVersion.version");
        JsonPath early = graphql(APPROVER, "mutation($v: Int!) { setAlias(model: \"" + model + "\", alias: \"production\", version: $v) { alias version } }",
                Map.of("v", v));
        assertThat(errorCode(early)).as("a PENDING version cannot go to production").isEqualTo("FORBIDDEN");
        assertThat(Api.errorMessage(early)).contains("protected").contains("PENDING");
        JsonPath denial = graphql(ADMIN, "{ auditEvents(actor: \"approver\", operation: \"setAlias\", outcome: DENIED, "
                + "size: 100) { items { target detail } } }", Map.of());
        assertThat(denial.<String>getList("data.auditEvents.items.target")).anyMatch(t -> t.contains(model));
        JsonPath approved = graphql(APPROVER, "mutation($v: Int!) { approveModelVersion(model: \"" + model + "\", version: $v, comment: \"looks good\") { approvalStatus approvedBy } }",
                Map.of("v", v));
        assertThat(approved.getString("data.approveModelVersion.approvalStatus")).isEqualTo("APPROVED");
        assertThat(approved.getString("data.approveModelVersion.approvedBy")).isEqualTo(APPROVER);
        JsonPath alias = graphql(APPROVER, "mutation($v: Int!) { setAlias(model: \"" + model + "\", alias: \"production\", version: $v) { alias version } }",
                Map.of("v", v));
        assertThat(errorCode(alias)).isNull();
        JsonPath tag = graphql(SCIENTIST, "mutation($v: Int!) { setTag(model: \"" + model + "\", version: $v, key: \"owner\", value: \"team-a\") { key value } }",
                Map.of("v", v));
        assertThat(errorCode(tag)).isNull();
        JsonPath byAlias = graphql(VIEWER, "{ modelVersion(model: \"" + model + "\", alias: \"production\") { version aliases tags { key value } } }",
                Map.of());
        assertThat(byAlias.getInt("data.modelVersion.version")).isEqualTo(v);
        assertThat(byAlias.getList("data.modelVersion.aliases")).containsExactly("production");
        assertThat(byAlias.getString("data.modelVersion.tags[0].value")).isEqualTo("team-a");

        // The run's data-quality report is stored and readable.
        JsonPath quality = graphql(VIEWER, "query($id: ID!) { run(id: $id) { qualityReport { duplicateRows imbalanceRatio issues { code } } } }",
                Map.of("id", runId));
        assertThat(quality.getInt("data.run.qualityReport.duplicateRows")).isEqualTo(1);
        assertThat(quality.getFloat("data.run.qualityReport.imbalanceRatio")).isEqualTo(1.0f);
    }

    private static List<Map<String, String>> row(String sl, String sw, String pl, String pw) {
        return List.of(Map.of("column", "sepal_length", "value", sl), Map.of("column", "sepal_width", "value", sw),
                Map.of("column", "petal_length", "value", pl), Map.of("column", "petal_width", "value", pw));
    }
}
