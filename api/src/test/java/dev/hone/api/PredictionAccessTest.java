package dev.hone.api;

import static dev.hone.api.Api.CONSUMER;
import static dev.hone.api.Api.PASSWORD;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Model consumers predict (labels only), are rate-limited per client, and the service stays healthy. */
@QuarkusTest
class PredictionAccessTest {

    private static String model;

    @BeforeEach
    void setUp() throws Exception {
        Api.ensureUsers();
        if (model == null) {
            String dataset = Api.unique("iris-predict");
            String name = Api.unique("predict-model");
            assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
            long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                    Map.of("in", Map.of("dataset", dataset, "target", "species", "modelName", name,
                            "training", Map.of("maxEpochs", 10)))).getLong("data.startRun.id");
            assertThat(Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");
            model = name;
        }
    }

    private static Response predictAs(String user) {
        return given().auth().preemptive().basic(user, PASSWORD).contentType("application/json")
                .body(Map.of("rows", List.of(Map.of("sepal_length", "5.1", "sepal_width", "3.5",
                        "petal_length", "1.4", "petal_width", "0.2"))))
                .post("/api/models/" + model + "/predict");
    }

    @Test
    void consumerGetsLabelsOnlyAndCannotReadTheRegistry() {
        Response r = predictAs(CONSUMER);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("predictions[0].label")).isNotBlank();
        assertThat(r.jsonPath().getMap("predictions[0].probabilities")).isEmpty();

        Response viewer = predictAs(VIEWER);
        assertThat(viewer.jsonPath().getMap("predictions[0].probabilities")).hasSize(3);

        assertThat(errorCode(graphql(CONSUMER, "{ models { items { name } } }", Map.of()))).isEqualTo("FORBIDDEN");
    }

    @Test
    void aBurstOverTheLimitGets429AndTheServiceStaysHealthy() throws Exception {
        Thread.sleep(2500); // let this client's bucket refill from earlier tests
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        long start = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            Response r = predictAs(CONSUMER);
            statuses.add(r.statusCode());
            if (r.statusCode() == 429 && limited == null) {
                limited = r;
            }
        }
        // The test profile allows a burst of 10 at 5 a second: the burst, plus what refilled while
        // the 30 calls took their time (on a busy machine that is more than a second).
        long refilled = (long) Math.ceil((System.nanoTime() - start) / 1e9 * 5);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isBetween(10L, 10L + refilled + 1);
        assertThat(limited).isNotNull();
        assertThat(limited.jsonPath().getString("code")).isEqualTo("RATE_LIMITED");
        assertThat(limited.header("Retry-After")).isNotBlank();

        // Other clients are not affected, and the service is healthy.
        assertThat(predictAs(VIEWER).statusCode()).isEqualTo(200);
        given().get("/q/health/ready").then().statusCode(200);

        Thread.sleep(Long.parseLong(limited.header("Retry-After")) * 1000);
        assertThat(predictAs(CONSUMER).statusCode()).isEqualTo(200);
    }
}
