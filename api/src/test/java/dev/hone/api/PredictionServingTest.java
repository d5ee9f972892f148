package dev.hone.api;

import static dev.hone.api.Api.APPROVER;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.registry.db.ChangeFeed;
import dev.hone.registry.model.ModelVersionStatus;
import dev.hone.registry.model.Repositories.ModelVersionRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which version answers a prediction, which ones never do, and what a prediction says about its
 * input: over GraphQL and REST alike.
 */
@QuarkusTest
class PredictionServingTest {

    private static final Map<String, String> FLOWER = Map.of("sepal_length", "5.1", "sepal_width", "3.5",
            "petal_length", "1.4", "petal_width", "0.2");
    private static final String PREDICT = """
            query($m: String!, $v: Int, $a: String, $rows: [[CellInput!]!]!) {
              predict(model: $m, version: $v, alias: $a, rows: $rows) { model version label imputed } }""";

    /** Two versions; staging pointed at version 2 before it was rejected. Nothing changes it later. */
    private static String withRejected;

    @Inject
    ModelVersionRepository versions;
    @Inject
    ChangeFeed feed;

    @BeforeEach
    void setUp() throws Exception {
        Api.ensureUsers();
        if (withRejected == null) {
            String model = Api.unique("rejected-two");
            train(model, 2);
            assertThat(errorCode(graphql(SCIENTIST, "mutation($m: String!) { setAlias(model: $m, alias: \"staging\", "
                    + "version: 2) { alias } }", Map.of("m", model)))).isNull();
            reject(model, 2);
            withRejected = model;
        }
    }

    @Test
    void rejectedVersionsAreNeverServedByNumberOrAlias() throws Exception {
        JsonPath byNumber = predict(VIEWER, withRejected, 2, null, List.of(FLOWER));
        assertThat(errorCode(byNumber)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(byNumber)).contains("Version 2").contains("REJECTED by approver")
                .contains("worse than version 1").contains("never served");

        JsonPath byAlias = predict(VIEWER, withRejected, null, "staging", List.of(FLOWER));
        assertThat(errorCode(byAlias)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(byAlias)).contains("REJECTED").contains("alias 'staging'");

        Response rest = rest(VIEWER, withRejected, "?version=2", List.of(FLOWER));
        assertThat(rest.statusCode()).isEqualTo(400);
        assertThat(rest.jsonPath().getString("code")).isEqualTo("INVALID_INPUT");
        assertThat(rest.jsonPath().getString("message")).contains("REJECTED");
        Response restAlias = rest(VIEWER, withRejected, "?alias=staging", List.of(FLOWER));
        assertThat(restAlias.statusCode()).isEqualTo(400);
        assertThat(restAlias.jsonPath().getString("message")).contains("REJECTED").contains("alias 'staging'");
    }

    @Test
    void aCallWithoutVersionOrAliasIsAnsweredByProductionElseByTheLatestReadyVersionNotRejected() throws Exception {
        String model = Api.unique("default-version");
        train(model, 3);
        assertAnsweredBy(model, 3, "the latest READY version, none rejected");

        reject(model, 3);
        assertAnsweredBy(model, 2, "the latest READY version that was not rejected");

        assertThat(errorCode(graphql(APPROVER, "mutation($m: String!) { approveModelVersion(model: $m, version: 1) "
                + "{ approvalStatus } }", Map.of("m", model)))).isNull();
        assertThat(errorCode(graphql(APPROVER, "mutation($m: String!) { setAlias(model: $m, alias: \"production\", "
                + "version: 1) { alias } }", Map.of("m", model)))).isNull();
        assertAnsweredBy(model, 1, "production, although version 2 is newer and may serve");

        // Version 1 stops being READY (as a withdrawn version would): the production answer is
        // refused, never silently replaced by another, unapproved version.
        // Predictions hear of the change through the database's change feed, as any other process would.
        long heard = feed.heard();
        QuarkusTransaction.requiringNew().run(() -> versions.find("model.name = ?1 and version = 1", model)
                .firstResult().status = ModelVersionStatus.FAILED);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (feed.live() && feed.heard() == heard && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        JsonPath refused = predict(SCIENTIST, model, null, null, List.of(FLOWER));
        assertThat(errorCode(refused)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(refused)).contains("Version 1").contains("FAILED").contains("'production'");
        assertThat(rest(SCIENTIST, model, "", List.of(FLOWER)).statusCode()).isEqualTo(400);
    }

    @Test
    void everyRowMustGiveEachColumnAndThePredictionNamesTheValuesItImputed() throws Exception {
        JsonPath empty = predict(APPROVER, withRejected, 1, null, List.of(Map.of()));
        assertThat(errorCode(empty)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(empty)).contains("row 1 lacks [sepal_length, sepal_width, petal_length, petal_width]");

        Map<String, String> noPetalWidth = new HashMap<>(FLOWER);
        noPetalWidth.remove("petal_width");
        JsonPath partial = predict(APPROVER, withRejected, 1, null, List.of(FLOWER, noPetalWidth));
        assertThat(errorCode(partial)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(partial)).contains("row 2 lacks [petal_width]").doesNotContain("row 1");

        Response restEmpty = rest(APPROVER, withRejected, "?version=1", List.of(Map.of()));
        assertThat(restEmpty.statusCode()).isEqualTo(400);
        assertThat(restEmpty.jsonPath().getString("code")).isEqualTo("INVALID_INPUT");
        assertThat(restEmpty.jsonPath().getString("message")).contains("row 1 lacks").contains("petal_width");

        // Explicit null, empty and missing-marker values are imputed, and the answer says which.
        Map<String, String> gaps = new LinkedHashMap<>(FLOWER);
        gaps.put("sepal_width", null);
        gaps.put("petal_width", "");
        Map<String, String> marker = new LinkedHashMap<>(FLOWER);
        marker.put("petal_length", "NA");
        JsonPath imputed = predict(APPROVER, withRejected, 1, null, List.of(FLOWER, gaps, marker));
        assertThat(errorCode(imputed)).isNull();
        assertThat(imputed.getList("data.predict.imputed")).containsExactly(List.of(),
                List.of("sepal_width", "petal_width"), List.of("petal_length"));
        assertThat(imputed.getList("data.predict.label")).doesNotContainNull();
        assertThat(imputed.getList("data.predict.version")).containsOnly(1);

        Response rest = rest(APPROVER, withRejected, "?version=1", List.of(gaps));
        assertThat(rest.statusCode()).as(rest.asString()).isEqualTo(200);
        assertThat(rest.jsonPath().getInt("version")).isEqualTo(1);
        assertThat(rest.jsonPath().getList("predictions[0].imputed")).containsExactly("sepal_width", "petal_width");
    }

    private void assertAnsweredBy(String model, int version, String why) throws Exception {
        JsonPath graphql = predict(SCIENTIST, model, null, null, List.of(FLOWER, FLOWER));
        assertThat(errorCode(graphql)).as(why).isNull();
        assertThat(graphql.getList("data.predict.version")).as(why).containsOnly(version);
        assertThat(graphql.getList("data.predict.model")).containsOnly(model);
        Response rest = rest(SCIENTIST, model, "", List.of(FLOWER));
        assertThat(rest.statusCode()).as(rest.asString()).isEqualTo(200);
        assertThat(rest.jsonPath().getInt("version")).as(why).isEqualTo(version);
    }

    /** Trains {@code count} versions of one model (each run registers the next version). */
    private static void train(String model, int count) throws Exception {
        String dataset = Api.unique("iris-serving");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        for (int i = 0; i < count; i++) {
            long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                    Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", model,
                            "training", Map.of("maxEpochs", 5)))).getLong("data.startRun.id");
            assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");
        }
    }

    private static void reject(String model, int version) {
        JsonPath r = graphql(APPROVER, "mutation($m: String!, $v: Int!) { rejectModelVersion(model: $m, version: $v, "
                + "comment: \"worse than version 1\") { approvalStatus } }", Map.of("m", model, "v", version));
        assertThat(r.getString("data.rejectModelVersion.approvalStatus")).isEqualTo("REJECTED");
    }

    /** A GraphQL prediction; waits out the per-caller rate limit when other tests used it up. */
    private static JsonPath predict(String user, String model, Integer version, String alias,
            List<Map<String, String>> rows) throws InterruptedException {
        List<List<Map<String, String>>> cells = rows.stream().map(row -> row.entrySet().stream().map(e -> {
            Map<String, String> cell = new HashMap<>();
            cell.put("column", e.getKey());
            cell.put("value", e.getValue());
            return cell;
        }).toList()).toList();
        Map<String, Object> variables = new HashMap<>();
        variables.put("m", model);
        variables.put("v", version);
        variables.put("a", alias);
        variables.put("rows", cells);
        for (int i = 0; ; i++) {
            JsonPath r = graphql(user, PREDICT, variables);
            if (!"RATE_LIMITED".equals(errorCode(r)) || i == 5) {
                return r;
            }
            Thread.sleep(1000);
        }
    }

    private static Response rest(String user, String model, String query, List<Map<String, String>> rows)
            throws InterruptedException {
        for (int i = 0; ; i++) {
            Response r = Api.as(user).contentType("application/json").body(Map.of("rows", new ArrayList<>(rows)))
                    .post("/api/models/" + model + "/predict" + query);
            if (r.statusCode() != 429 || i == 5) {
                return r;
            }
            Thread.sleep(1000);
        }
    }
}
