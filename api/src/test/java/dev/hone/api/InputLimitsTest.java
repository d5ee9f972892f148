package dev.hone.api;

import static dev.hone.api.Api.ADMIN;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every size a caller chooses has an upper bound: a request above one is refused at once with
 * INVALID_INPUT naming the limit and the key that raises it, the refusal is audited, and no run is
 * recorded. (The gridPoints of 10^9 took the server to an OutOfMemoryError.)
 */
@QuarkusTest
class InputLimitsTest {

    private static final String START = "mutation($in: StartRunInput!) { startRun(input: $in) { id } }";
    private static String dataset;

    @BeforeEach
    void irisAndUsers() {
        Api.ensureUsers();
        if (dataset == null) {
            dataset = Api.unique("iris-limits");
            assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            hiddenLayers: [100000, 100000]  | hiddenLayers    | 100000     | hone.limits.layer-width
            hiddenLayers: [8,8,8,8,8,8,8,8,8] | hiddenLayers  | 9          | hone.limits.hidden-layers
            maxEpochs: 1000000000           | maxEpochs       | 1000000000 | hone.limits.epochs
            patience: 2000000000            | patience        | 2000000000 | hone.limits.epochs
            batchSize: 2147483647           | batchSize       | 2147483647 | hone.limits.batch-size
            """)
    void oversizedTrainingSettingsAreRefusedNamingTheLimit(String settings, String field, String value,
            String key) {
        long before = runCount();
        JsonPath r = graphql(SCIENTIST, "mutation { startRun(input: {dataset: \"" + dataset
                + "\", target: \"species\", training: {" + settings + "}}) { id } }", Map.of());

        assertThat(errorCode(r)).as(r.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(r)).contains(field, value, key);
        assertThat(runCount()).isEqualTo(before);
        assertAuditedAsRefused(key);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            gridPoints  | 1000000000 | hone.limits.grid-points
            parallelism | 10000      | hone.limits.parallelism
            maxTrials   | 100000     | hone.limits.trials
            minResource | 100000     | hone.limits.epochs
            """)
    void oversizedStudyBudgetsAreRefusedBeforeAnythingIsBuilt(String field, int value, String key) {
        Map<String, Object> tuning = tuning(List.of(
                Map.of("name", "learningRate", "type", "FLOAT", "low", 1e-4, "high", 1e-1, "log", true),
                Map.of("name", "dropout", "type", "FLOAT", "low", 0.0, "high", 0.5)));
        tuning.put("sampler", "GRID");
        tuning.put(field, value);
        long before = runCount();
        long started = System.nanoTime();
        JsonPath r = start(tuning);

        assertThat(errorCode(r)).as(r.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(r)).contains("tuning." + field, Integer.toString(value), key);
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds to refuse").isLessThan(5_000);
        assertThat(runCount()).isEqualTo(before);
        assertAuditedAsRefused(key);
    }

    @Test
    void aGridOfABillionPointsWithinThePointLimitIsRefusedByItsSize() {
        // 100 points per parameter (the limit) over five parameters: 10^10 points, counted, not listed.
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (String name : List.of("learningRate", "weightDecay", "dropout")) {
            parameters.add(Map.of("name", name, "type", "FLOAT", "low", 0.01, "high", 0.5));
        }
        parameters.add(Map.of("name", "width1", "type", "INT", "low", 1, "high", 1000));
        parameters.add(Map.of("name", "batchSize", "type", "INT", "low", 1, "high", 4000, "log", true));
        Map<String, Object> tuning = tuning(parameters);
        tuning.put("sampler", "GRID");
        tuning.put("gridPoints", 100);
        tuning.put("maxTrials", 1000);

        JsonPath r = start(tuning);

        assertThat(errorCode(r)).as(r.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(r)).contains("more than 1000 points", "1000 trials");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            width1 up to 1e9       | width1     | INT         | 8    | 1000000000 | hone.limits.layer-width
            layers up to 1e9       | layers     | INT         | 1    | 1000000000 | hone.limits.hidden-layers
            batchSize up to 2^31-1 | batchSize  | INT         | 16   | 2147483647 | hone.limits.batch-size
            maxEpochs as a choice  | maxEpochs  | CATEGORICAL | 10   | 99999999   | hone.limits.epochs
            """)
    void searchSpacesThatCouldSampleOversizedModelsAreRefused(String label, String name, String type, int low,
            int high, String key) {
        Map<String, Object> parameter = "CATEGORICAL".equals(type)
                ? Map.of("name", name, "type", type, "choices", List.of(Integer.toString(low), Integer.toString(high)))
                : Map.of("name", name, "type", type, "low", low, "high", high);
        JsonPath r = start(tuning(List.of(parameter)));

        assertThat(errorCode(r)).as(r.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(r)).contains("tuning.parameters." + name, Integer.toString(high), key);
    }

    @Test
    void fractionalOrOutOfRangeIntegerBoundsAreRefusedNotRounded() {
        JsonPath fractional = start(tuning(List.of(Map.of("name", "width1", "type", "INT", "low", 8.5, "high", 64))));
        JsonPath huge = start(tuning(List.of(Map.of("name", "width1", "type", "INT", "low", 8, "high", 1e12))));
        JsonPath word = start(tuning(List.of(Map.of("name", "width1", "type", "CATEGORICAL",
                "choices", List.of("8", "wide")))));

        assertThat(errorCode(fractional)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(fractional)).contains("tuning.parameters.width1.low", "whole number", "8.5");
        assertThat(errorCode(huge)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(huge)).contains("tuning.parameters.width1.high", "whole number");
        assertThat(errorCode(word)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(word)).contains("'wide' is not a whole number");
    }

    @Test
    void predictionsOfMoreRowsThanTheLimitAreRefusedBeforeAnyModelIsLoaded() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            rows.add(Map.of("sepal_length", "5.1"));
        }
        var r = Api.as(VIEWER).contentType("application/json").body(Map.of("rows", rows))
                .post("/api/models/" + Api.unique("no-such-model") + "/predict");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.jsonPath().getString("code")).isEqualTo("INVALID_INPUT");
        assertThat(r.jsonPath().getString("message")).contains("rows", "1001", "1000", "hone.limits.prediction-rows");
    }

    @Test
    void predictionBodiesBeyondTheirLimitAreRefusedUnread() {
        String big = "{\"rows\": [{\"sepal_length\": \"" + "5".repeat(5_000_000) + "\"}]}";
        for (String path : List.of("/api/models/any/predict", "/v2/models/any/infer")) {
            var r = Api.as(VIEWER).contentType("application/json").body(big).post(path);
            assertThat(r.statusCode()).as(path).isEqualTo(413);
            assertThat(r.jsonPath().getString("code")).isEqualTo("PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void pagesAreBoundedAndTheirOffsetCannotOverflow() {
        JsonPath big = graphql(VIEWER, "{ datasets(size: 101) { pageInfo { total } } }", Map.of());
        JsonPath far = graphql(VIEWER, "{ datasets(page: 2147483647, size: 100) { pageInfo { total } } }", Map.of());
        JsonPath last = graphql(VIEWER, "{ datasets(page: 21474836, size: 100) { items { name } } }", Map.of());

        assertThat(errorCode(big)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(big)).contains("hone.limits.page-size");
        assertThat(errorCode(far)).as(far.prettify()).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(far)).contains("page x size");
        assertThat(errorCode(last)).as(last.prettify()).isNull();
        assertThat(last.getList("data.datasets.items")).isEmpty();
    }

    private static Map<String, Object> tuning(List<Map<String, Object>> parameters) {
        return new HashMap<>(Map.of("sampler", "RANDOM", "maxTrials", 4, "parameters", parameters));
    }

    private static JsonPath start(Map<String, Object> tuning) {
        return graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", dataset, "target", "species",
                "tuning", tuning)));
    }

    private static long runCount() {
        return graphql(VIEWER, "{ runs { pageInfo { total } } }", Map.of()).getLong("data.runs.pageInfo.total");
    }

    private static void assertAuditedAsRefused(String key) {
        JsonPath events = graphql(ADMIN, "{ auditEvents(operation: \"startRun\", outcome: FAILED, size: 1) "
                + "{ items { actor detail } } }", Map.of());
        assertThat(events.getString("data.auditEvents.items[0].actor")).isEqualTo(SCIENTIST);
        assertThat(events.getString("data.auditEvents.items[0].detail")).startsWith("INVALID_INPUT").contains(key);
    }
}
