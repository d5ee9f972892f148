package dev.hone.api;

import static dev.hone.api.Api.APPROVER;
import static dev.hone.api.Api.CONSUMER;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Open Inference Protocol v2 endpoints as its clients use them: health and server metadata
 * open, model metadata and readiness, inference with the protocol's own example request (KServe's
 * scikit-learn iris example, verbatim) and with one named tensor per column, answers equal to
 * {@code /api/models/{model}/predict}'s, and refusals with the protocol's {@code error} field.
 */
@QuarkusTest
class InferenceProtocolTest {

    /** KServe's "iris-input-v2.json" (its scikit-learn V2 protocol example), verbatim. */
    private static final String KSERVE_IRIS_EXAMPLE = """
            {
              "inputs": [
                {
                  "name": "input-0",
                  "shape": [2, 4],
                  "datatype": "FP32",
                  "data": [
                    [6.8, 2.8, 4.8, 1.4],
                    [6.0, 3.4, 4.5, 1.6]
                  ]
                }
              ]
            }""";
    private static final List<String> COLUMNS = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

    private static String model;

    @BeforeEach
    void setUp() throws Exception {
        Api.ensureUsers();
        if (model == null) {
            String dataset = Api.unique("iris-oip");
            String name = Api.unique("oip");
            assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
            long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                    Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", name,
                            "training", Map.of("maxEpochs", 10)))).getLong("data.startRun.id");
            assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");
            assertThat(errorCode(graphql(APPROVER, "mutation($m: String!) { setAlias(model: $m, alias: \"staging\", "
                    + "version: 1) { alias } }", Map.of("m", name)))).isNull();
            model = name;
        }
    }

    @Test
    void healthAndServerMetadataAreOpenAndModelsNeedSignIn() {
        given().get("/v2/health/live").then().statusCode(200);
        assertThat(given().get("/v2/health/live").jsonPath().getBoolean("live")).isTrue();
        assertThat(given().get("/v2/health/ready").jsonPath().getBoolean("ready")).isTrue();
        assertThat(given().get("/v2").jsonPath().getString("name")).isEqualTo("hone");

        Response anonymous = given().get("/v2/models/" + model);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.jsonPath().getString("error")).contains("Sign in");
        Response anonymousInfer = given().contentType("application/json").body(KSERVE_IRIS_EXAMPLE)
                .post("/v2/models/" + model + "/infer");
        assertThat(anonymousInfer.statusCode()).isEqualTo(401);
    }

    @Test
    void metadataListsTheInputColumnsOutputsAndServableVersions() {
        JsonPath meta = Api.as(VIEWER).get("/v2/models/" + model).jsonPath();
        assertThat(meta.getString("name")).isEqualTo(model);
        assertThat(meta.getList("versions")).containsExactly("1");
        assertThat(meta.getString("platform")).isEqualTo("hone");
        assertThat(meta.getList("inputs.name")).containsExactlyElementsOf(COLUMNS);
        assertThat(meta.getList("inputs.datatype")).containsOnly("FP64");
        assertThat(meta.getList("outputs.name")).containsExactly("label", "probabilities");
        assertThat(meta.getList("outputs[1].shape")).containsExactly(-1, 3);
        assertThat(meta.getList("parameters.classes")).containsExactly("setosa", "versicolor", "virginica");

        JsonPath consumer = Api.as(CONSUMER).get("/v2/models/" + model + "/versions/staging").jsonPath();
        assertThat(consumer.getList("outputs.name")).as("labels only for a model consumer").containsExactly("label");

        Response ready = Api.as(CONSUMER).get("/v2/models/" + model + "/versions/1/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.jsonPath().getBoolean("ready")).isTrue();
        Response unknown = Api.as(CONSUMER).get("/v2/models/no-such-model/ready");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.jsonPath().getString("error")).contains("no-such-model");
    }

    @Test
    void theProtocolsExampleRequestIsAnsweredAsRestPredictAnswersTheSameRows() {
        Response r = infer(VIEWER, "", KSERVE_IRIS_EXAMPLE);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        JsonPath answer = r.jsonPath();
        assertThat(answer.getString("model_name")).isEqualTo(model);
        assertThat(answer.getString("model_version")).isEqualTo("1");
        assertThat(answer.getString("id")).isNotBlank();
        assertThat(answer.getList("outputs.name")).containsExactly("label", "probabilities");
        assertThat(answer.getList("outputs[0].shape")).containsExactly(2);
        assertThat(answer.getString("outputs[0].datatype")).isEqualTo("BYTES");
        assertThat(answer.getList("outputs[1].shape")).containsExactly(2, 3);
        List<Float> probabilities = answer.getList("outputs[1].data", Float.class);
        assertThat(probabilities).hasSize(6);
        assertThat(probabilities.get(0) + probabilities.get(1) + probabilities.get(2)).isCloseTo(1f,
                org.assertj.core.data.Offset.offset(1e-4f));

        List<Map<String, String>> rows = List.of(row(6.8, 2.8, 4.8, 1.4), row(6.0, 3.4, 4.5, 1.6));
        JsonPath rest = Api.as(VIEWER).contentType("application/json").body(Map.of("rows", rows))
                .post("/api/models/" + model + "/predict").jsonPath();
        assertThat(answer.getList("outputs[0].data")).isEqualTo(rest.getList("predictions.label"));
        assertThat(probabilities.get(3)).isCloseTo(rest.getFloat("predictions[1].probabilities.setosa"),
                org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void oneTensorPerColumnByVersionOrAliasWithNullsImputedAndChosenOutputs() {
        Map<String, Object> request = Map.of("id", "request-7", "inputs", List.of(
                tensor("sepal_length", "FP64", List.of(5.1, 6.7)),
                tensor("sepal_width", "FP32", List.of(List.of(3.5), List.of(3.1))),
                tensor("petal_length", "BYTES", List.of("1.4", "4.7")),
                tensor("petal_width", "FP64", java.util.Arrays.asList(0.2, null))),
                "outputs", List.of(Map.of("name", "label")));
        for (String path : List.of("/versions/1", "/versions/staging", "")) {
            Response r = infer(CONSUMER, path, request);
            assertThat(r.statusCode()).as(path + ": " + r.asString()).isEqualTo(200);
            assertThat(r.jsonPath().getString("id")).isEqualTo("request-7");
            assertThat(r.jsonPath().getList("outputs.name")).containsExactly("label");
            assertThat(r.jsonPath().getList("outputs[0].data", String.class)).hasSize(2).doesNotContainNull();
        }
        Response probabilities = infer(CONSUMER, "",
                Map.of("inputs", request.get("inputs"), "outputs", List.of(Map.of("name", "probabilities"))));
        assertThat(probabilities.statusCode()).isEqualTo(400);
        assertThat(probabilities.jsonPath().getString("error")).contains("'probabilities' is not offered");
    }

    /** Clients that speak HTTP/2 (the JDK's client upgrades a plain connection to it) are answered alike. */
    @Test
    void http2ClientsAreAnsweredToo() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String base = "http://localhost:" + io.restassured.RestAssured.port;
        client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v2/health/live")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString((VIEWER + ":" + Api.password(VIEWER))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (var call : Map.of("/v2/models/" + model + "/infer", KSERVE_IRIS_EXAMPLE, "/api/models/" + model
                + "/predict", "{\"rows\": [{\"sepal_length\": \"5.1\", \"sepal_width\": \"3.5\", "
                + "\"petal_length\": \"1.4\", \"petal_width\": \"0.2\"}]}").entrySet()) {
            java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + call.getKey())).header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(call.getValue())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            for (int i = 0; r.statusCode() == 429 && i < 5; i++) {
                Thread.sleep(1000);
                r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + call.getKey()))
                        .header("Authorization", auth).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(call.getValue())).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            }
            assertThat(r.version()).as(call.getKey()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
            assertThat(r.statusCode()).as(call.getKey() + ": " + r.body()).isEqualTo(200);
        }
    }

    @Test
    void malformedTensorsAreRefusedNamingTheProblem() {
        Map<String, String> refusals = new HashMap<>();
        refusals.put("{}", "needs 'inputs'");
        refusals.put("{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 3], \"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}",
                "shape [N, 4]");
        refusals.put("{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}",
                "has 3 elements");
        refusals.put("{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 4], \"datatype\": \"FP32\", "
                + "\"data\": [1, \"two\", 3, 4]}]}", "holds the text \"two\"");
        refusals.put("{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 4], \"datatype\": \"COMPLEX\", "
                + "\"data\": [1, 2, 3, 4]}]}", "datatype 'COMPLEX'");
        refusals.put("{\"inputs\": [{\"name\": \"x\", \"shape\": [0, 4], \"datatype\": \"FP32\", \"data\": []}]}",
                "at least 1");
        refusals.put("{\"inputs\": [{\"name\": \"sepal_length\", \"shape\": [1], \"datatype\": \"FP32\", "
                + "\"data\": [1]}]}", "missing for [sepal_width, petal_length, petal_width]");
        refusals.put("{\"inputs\": [{\"name\": \"sepal_length\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}, "
                + "{\"name\": \"sepal_width\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [1, 2]}]}",
                "disagree on the number of rows");
        refusals.put("{\"inputs\": [{\"name\": \"sepal_length\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}, "
                + "{\"name\": \"colour\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"red\"]}]}",
                "'colour' is not an input column");
        refusals.put("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4]}]}",
                "needs a 'shape'");
        refusals.put("{\"inputs\": \"everything\"}", "expected shape");
        refusals.put("not json", "not valid JSON");
        for (var e : refusals.entrySet()) {
            Response r = infer(SCIENTIST, "", e.getKey());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.asString()).isEqualTo(400);
            assertThat(r.jsonPath().getString("error")).as(e.getKey()).contains(e.getValue());
        }
        Response version = infer(SCIENTIST, "/versions/7x", KSERVE_IRIS_EXAMPLE);
        assertThat(version.statusCode()).isEqualTo(400);
        Response missing = infer(SCIENTIST, "/versions/99", KSERVE_IRIS_EXAMPLE);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.jsonPath().getString("error")).contains("no version 99");
    }

    /** An inference call; waits out the per-caller rate limit (5 a second in tests) when it is used up. */
    private static Response infer(String user, String version, Object body) {
        for (int i = 0; ; i++) {
            Response r = Api.as(user).contentType("application/json").body(body)
                    .post("/v2/models/" + model + version + "/infer");
            if (r.statusCode() != 429 || i == 5) {
                return r;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Map<String, Object> tensor(String name, String type, List<?> data) {
        return Map.of("name", name, "shape", List.of(2), "datatype", type, "data", data);
    }

    private static Map<String, String> row(double... values) {
        Map<String, String> row = new HashMap<>();
        for (int c = 0; c < values.length; c++) {
            row.put(COLUMNS.get(c), Double.toString(values[c]));
        }
        return row;
    }
}
