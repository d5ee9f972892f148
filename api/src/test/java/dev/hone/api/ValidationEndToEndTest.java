package dev.hone.api;

import static dev.hone.api.Api.APPROVER;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The validation stage over the public API, on a credit-scoring data set (4,454 applicants, good or bad credit;
 * with a marital status and an age): every version carries a passport an approver can read (metrics with intervals,
 * calibration, explanations over the 13 input columns, robustness curves, fairness over the named column and the
 * one whose name suggests it, drift baselines); {@code explain} attributes new rows against it; once a version is in
 * production, the next run is compared with it on the same rows, and a gate it cannot meet leaves the new version
 * REJECTED by the system, the run SUCCEEDED with "gate failed", and production serving on. Bad gate settings are
 * refused before anything is recorded.
 */
@QuarkusTest
class ValidationEndToEndTest {

    static final String PASSPORT = """
            query($m: String!, $v: Int) { modelVersion(model: $m, version: $v) { version status approvalStatus temperature
              approvedBy approvalComment reports { kind }
              passport { task testRows metrics { name value low high } perClass { label precision recall support }
                calibration { expectedCalibrationError temperature scaledCalibrationError scalingHelps
                  bins { lower upper rows confidence accuracy } }
                champion { alias championVersion metric rows championValue challengerValue difference differenceLow
                  differenceHigh pValue notComparable }
                explanations { columns output importanceMetric importance { column mean lower upper }
                  meanAbsShap shap { row prediction baseline values } meanAbsGradients }
                robustness { attackableColumns halvingEpsilon
                  curves { norm cleanAccuracy points { epsilon fgsmAccuracy pgdAccuracy } }
                  extraction { target queriesToTarget checkpoints { queries agreement } } }
                fairness { column named positive groups { name rows selectionRate } demographicParityDifference
                  disparateImpactRatio disparateImpactLow disparateImpactHigh }
                mitigation { column method accuracyBefore accuracyAfter before { disparateImpactRatio }
                  after { disparateImpactRatio groups { name } } }
                inputBaselines { column numeric shares } outputBaseline { categories shares }
                gate { passed reasons checks { name passed detail } } warnings samples { key value } } } }""";

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    static byte[] credit() throws IOException {
        try (InputStream in = ValidationEndToEndTest.class.getResourceAsStream("/datasets/credit.csv")) {
            return in.readAllBytes();
        }
    }

    @Test
    void everyVersionCarriesAPassportAndAGateItCannotMeetRejectsTheNextVersion() throws Exception {
        String model = Api.unique("validated");
        String dataset = model + "-data";
        assertThat(Api.upload(SCIENTIST, dataset, credit()).statusCode()).isEqualTo(201);
        long first = start(dataset, model, 7, Map.of("sensitiveColumns", List.of("Marital"), "reweighing", true,
                "temperatureScaling", true));
        Map<String, Object> run = Api.awaitRun(first, Api::isFinal, Duration.ofMinutes(5));
        assertThat(run.get("status")).as("%s", run).isEqualTo("SUCCEEDED");

        JsonPath v1 = graphql(VIEWER, PASSPORT, Map.of("m", model, "v", 1));
        assertThat(errorCode(v1)).as(v1.prettify()).isNull();
        JsonPath p = new JsonPath(dev.hone.registry.common.Json.write(v1.getMap("data.modelVersion.passport")));
        assertThat(v1.getList("data.modelVersion.reports.kind")).contains("PASSPORT");
        assertThat(p.getBoolean("gate.passed")).isTrue();
        assertThat(p.getList("gate.checks")).as("no limit and no champion: nothing to check").isEmpty();
        assertThat(p.getObject("champion", Object.class)).isNull();
        int testRows = p.getInt("testRows");
        assertThat(testRows).isBetween(600, 700);
        assertThat(p.getList("metrics", Map.class)).allSatisfy(m -> assertThat(m.get("low")).isNotNull());
        assertThat(p.getList("perClass.label")).containsExactly("bad", "good");
        assertThat(p.getList("calibration.bins")).hasSize(15);
        // Temperature scaling asked for: the version serves scaled probabilities when scaling lowered the error.
        Float temperature = v1.get("data.modelVersion.temperature");
        if (p.getBoolean("calibration.scalingHelps")) {
            assertThat(temperature).isEqualTo(p.getFloat("calibration.temperature"));
        } else {
            assertThat(temperature).isNull();
        }
        List<String> columns = p.getList("explanations.columns");
        assertThat(columns).hasSize(13).contains("Seniority", "Income", "Marital", "Age");
        assertThat(p.getString("explanations.output")).isEqualTo("probability of 'good'");
        assertThat(p.getList("explanations.importance")).hasSize(13);
        List<Map<String, Object>> shap = p.getList("explanations.shap");
        assertThat(shap).hasSize(20).allSatisfy(row -> {
            @SuppressWarnings("unchecked")
            double sum = ((List<Number>) row.get("values")).stream().mapToDouble(Number::doubleValue).sum();
            assertThat(sum).isCloseTo(((Number) row.get("prediction")).doubleValue()
                    - ((Number) row.get("baseline")).doubleValue(), within(1e-4));
        });
        assertThat(p.getList("robustness.attackableColumns")).contains("Seniority", "Income", "Age");
        assertThat(p.getList("robustness.curves.norm")).containsExactly("LINF", "L2");
        assertThat(p.getList("fairness.column")).containsExactly("Marital", "Age");
        assertThat(p.getList("fairness.named")).containsExactly(true, false);
        assertThat(p.getList("warnings", String.class)).anyMatch(w -> w.startsWith("Column 'Age' looks like a "
                + "protected attribute"));
        assertThat(p.getString("mitigation.column")).isEqualTo("Marital");
        assertThat(p.getString("mitigation.method")).isEqualTo("REWEIGHING");
        assertThat(p.getDouble("mitigation.accuracyBefore")).isBetween(0.6, 1.0);
        assertThat(p.getDouble("mitigation.accuracyAfter")).isBetween(0.6, 1.0);
        assertThat(p.getList("mitigation.after.groups.name")).contains("married", "single");
        assertThat(p.getList("inputBaselines.column")).hasSize(13);
        assertThat(p.getList("outputBaseline.categories")).containsExactlyInAnyOrder("good", "bad");

        // explain: attributions of a new row add up to its predicted probability of 'good' less the baseline.
        Map<String, String> row = new LinkedHashMap<>();
        String[] values = {"9", "rent", "60", "30", "married", "no", "freelance", "73", "129", "0", "0", "800", "846"};
        String[] names = {"Seniority", "Home", "Time", "Age", "Marital", "Records", "Job", "Expenses", "Income",
            "Assets", "Debt", "Amount", "Price"};
        for (int i = 0; i < names.length; i++) {
            row.put(names[i], values[i]);
        }
        JsonPath explained = graphql(VIEWER, """
                query($m: String!, $rows: [[CellInput!]!]!) { explain(model: $m, version: 1, rows: $rows) {
                  output prediction baseline attributions { column value } } }""",
                Map.of("m", model, "rows", List.of(cells(row))));
        assertThat(errorCode(explained)).as(explained.prettify()).isNull();
        List<Float> attributions = explained.getList("data.explain[0].attributions.value");
        assertThat(explained.getList("data.explain[0].attributions.column")).containsExactlyElementsOf(columns);
        assertThat(attributions.stream().mapToDouble(Float::doubleValue).sum()).isCloseTo(
                explained.getDouble("data.explain[0].prediction") - explained.getDouble("data.explain[0].baseline"),
                within(1e-4));
        JsonPath predicted = graphql(VIEWER, """
                query($m: String!, $rows: [[CellInput!]!]!) { predict(model: $m, version: 1, rows: $rows) {
                  probabilities { label probability } } }""", Map.of("m", model, "rows", List.of(cells(row))));
        assertThat(predicted.getDouble("data.predict[0].probabilities.find { it.label == 'good' }.probability"))
                .isCloseTo(explained.getDouble("data.explain[0].prediction"), within(1e-5));

        // Hostile explain calls: too many rows, an unknown column, a version that does not exist.
        String explain = "query($m: String!, $v: Int, $rows: [[CellInput!]!]!) { explain(model: $m, version: $v, "
                + "rows: $rows) { prediction } }";
        JsonPath tooMany = graphql(VIEWER, explain, Map.of("m", model, "v", 1, "rows",
                java.util.Collections.nCopies(21, cells(row))));
        assertThat(errorCode(tooMany)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(tooMany)).contains("Explain at most 20 rows per call").contains("got 21");
        Map<String, String> unknown = new LinkedHashMap<>(row);
        unknown.put("zip", "12345");
        JsonPath badColumn = graphql(VIEWER, explain, Map.of("m", model, "v", 1, "rows", List.of(cells(unknown))));
        assertThat(errorCode(badColumn)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(badColumn)).contains("unknown column 'zip'");
        JsonPath noVersion = graphql(VIEWER, explain, Map.of("m", model, "v", 99, "rows", List.of(cells(row))));
        assertThat(errorCode(noVersion)).isEqualTo("NOT_FOUND");

        // Version 1 into production; the next run is compared with it and fails a gate it cannot meet.
        assertThat(errorCode(graphql(APPROVER, "mutation($m: String!) { approveModelVersion(model: $m, version: 1) "
                + "{ version } }", Map.of("m", model)))).isNull();
        assertThat(errorCode(graphql(APPROVER, "mutation($m: String!) { setAlias(model: $m, alias: \"production\", "
                + "version: 1) { version } }", Map.of("m", model)))).isNull();
        long second = start(dataset, model, 8, Map.of("sensitiveColumns", List.of("Marital"),
                "minDisparateImpact", 0.999, "metricLimits", List.of(Map.of("metric", "accuracy", "limit", 0.999))));
        Map<String, Object> secondRun = Api.awaitRun(second, Api::isFinal, Duration.ofMinutes(5));
        assertThat(secondRun.get("status")).as("a failed gate is an outcome of a run that worked").isEqualTo("SUCCEEDED");
        @SuppressWarnings("unchecked")
        Map<String, Object> validate = ((List<Map<String, Object>>) secondRun.get("stages")).stream()
                .filter(s -> s.get("stage").equals("VALIDATE")).findFirst().orElseThrow();
        assertThat((String) validate.get("detail")).startsWith("gate failed: ");
        JsonPath runGate = graphql(VIEWER, "query($id: ID!) { run(id: $id) { status gate { passed reasons } } }",
                Map.of("id", second));
        assertThat(runGate.getBoolean("data.run.gate.passed")).isFalse();
        assertThat(runGate.getList("data.run.gate.reasons", String.class)).anyMatch(r -> r.contains("0.9990"));

        JsonPath v2 = graphql(VIEWER, PASSPORT, Map.of("m", model, "v", 2));
        assertThat(v2.getString("data.modelVersion.status")).isEqualTo("READY");
        assertThat(v2.getString("data.modelVersion.approvalStatus")).isEqualTo("REJECTED");
        assertThat(v2.getString("data.modelVersion.approvedBy")).isEqualTo("system:validation-gate");
        assertThat(v2.getString("data.modelVersion.approvalComment")).startsWith("Validation gate failed: ");
        JsonPath q = new JsonPath(dev.hone.registry.common.Json.write(v2.getMap("data.modelVersion.passport")));
        assertThat(q.getBoolean("gate.passed")).isFalse();
        assertThat(q.getList("gate.checks.name")).contains("metric accuracy", "champion", "fairness Marital impact")
                .as("Age is measured (its name suggests it) but not gated on: the run did not name it")
                .doesNotContain("fairness Age impact");
        assertThat(q.getList("gate.reasons", String.class))
                .anyMatch(r -> r.contains("breaks the floor of 0.9990"))
                .anyMatch(r -> r.startsWith("Disparate-impact ratio on 'Marital'"));
        assertThat(q.getString("champion.alias")).isEqualTo("production");
        assertThat(q.getInt("champion.championVersion")).isEqualTo(1);
        assertThat(q.getString("champion.metric")).isEqualTo("accuracy");
        assertThat(q.getInt("champion.rows")).isEqualTo(q.getInt("testRows"));
        assertThat(q.getDouble("champion.differenceLow")).isLessThanOrEqualTo(q.getDouble("champion.difference"));

        // Rejected by the gate: nobody can approve it, and unpinned predictions keep going to production.
        JsonPath approve = graphql(APPROVER, "mutation($m: String!) { approveModelVersion(model: $m, version: 2) "
                + "{ version } }", Map.of("m", model));
        assertThat(errorMessage(approve)).contains("REJECTED by system:validation-gate");
        JsonPath served = graphql(VIEWER, """
                query($m: String!, $rows: [[CellInput!]!]!) { predict(model: $m, rows: $rows) { version } }""",
                Map.of("m", model, "rows", List.of(cells(row))));
        assertThat(served.getInt("data.predict[0].version")).isEqualTo(1);
    }

    @Test
    void badGateSettingsAreRefusedBeforeAnythingIsRecorded() {
        String model = Api.unique("gate-refused");
        String dataset = model + "-data";
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        Map<Map<String, Object>, String> refusals = Map.of(
                Map.of("sensitiveColumns", List.of("zip")), "validation.sensitiveColumns names 'zip', which the data "
                        + "set does not have",
                Map.of("sensitiveColumns", List.of("species")), "names the target 'species'",
                Map.of("sensitiveColumns", List.of("sepal_length", "sepal_length")), "names a column twice",
                Map.of("metricLimits", List.of(Map.of("metric", "precision", "limit", 0.5))),
                "'precision' is not a test metric",
                Map.of("metricLimits", List.of(Map.of("metric", "accuracy", "limit", 0.5),
                        Map.of("metric", "accuracy", "limit", 0.6))), "names 'accuracy' twice",
                Map.of("minDisparateImpact", 1.5), "validation.minDisparateImpact must be 0 to 1, was 1.5",
                Map.of("championMargin", -1), "validation.championMargin must be 0 to 100",
                Map.of("reweighing", true), "validation.reweighing reweighs over a sensitive column");
        refusals.forEach((validation, message) -> {
            JsonPath r = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                    Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", model,
                            "validation", validation)));
            assertThat(errorCode(r)).as("%s", validation).isEqualTo("INVALID_INPUT");
            assertThat(errorMessage(r)).as("%s", validation).contains(message);
        });
        assertThat(graphql(VIEWER, "{ runs(size: 100) { items { modelName } } }", Map.of())
                .getList("data.runs.items.modelName")).doesNotContain(model);
    }

    private static long start(String dataset, String model, int seed, Map<String, Object> validation) {
        JsonPath started = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id validation "
                + "{ sensitiveColumns } } }", Map.of("in", Map.of("dataset", dataset, "target", "Status", "modelName",
                        model, "seed", seed, "training", Map.of("maxEpochs", 15), "validation", validation)));
        assertThat(errorCode(started)).as(started.prettify()).isNull();
        assertThat(started.getList("data.startRun.validation.sensitiveColumns")).containsExactly("Marital");
        return started.getLong("data.startRun.id");
    }

    private static List<Map<String, String>> cells(Map<String, String> row) {
        return row.entrySet().stream().map(e -> Map.of("column", e.getKey(), "value", e.getValue())).toList();
    }
}
