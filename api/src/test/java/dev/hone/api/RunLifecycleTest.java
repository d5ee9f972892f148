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

/** Bad run requests, failing runs, cancellation and restart. */
@QuarkusTest
class RunLifecycleTest {

    private static final String START = "mutation($in: StartRunInput!) { startRun(input: $in) { id status } }";

    @BeforeEach
    void data() {
        Api.ensureUsers();
        assertThat(Api.upload(SCIENTIST, "iris-runs", Api.iris()).statusCode()).isIn(200, 201);
    }

    @Test
    void unknownTargetIsRefusedBeforeAnythingStarts() {
        JsonPath r = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", "iris-runs", "target", "colour")));
        assertThat(errorCode(r)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(r)).contains("'colour'").contains("species");
    }

    @Test
    void unknownDataSetIsNotFound() {
        JsonPath r = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", "nowhere", "target", "y")));
        assertThat(errorCode(r)).isEqualTo("NOT_FOUND");
    }

    @Test
    void invalidTrainingSettingsNameTheField() {
        JsonPath r = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", "iris-runs", "target", "species",
                "training", Map.of("dropout", 1.5))));
        assertThat(errorCode(r)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(r)).contains("dropout");
    }

    @Test
    void regressionOnACategoricalTargetFailsAtOnceWithAClearMessage() throws Exception {
        JsonPath r = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", "iris-runs", "target", "species",
                "task", "REGRESSION", "modelName", "never-registered")));
        assertThat(errorCode(r)).isNull();
        long id = r.getLong("data.startRun.id");
        long t0 = System.nanoTime();
        Map<String, Object> run = Api.awaitRun(id, Api::isFinal, Duration.ofSeconds(60));
        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error")).containsIgnoringCase("numeric");
        // Bad input is not retried: the run fails in seconds, not after a retry schedule.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        @SuppressWarnings("unchecked")
        var stages = (List<Map<String, Object>>) run.get("stages");
        assertThat(stages).extracting(s -> s.get("stage")).containsExactly("PREPROCESS");
        assertThat(stages.get(0).get("status")).isEqualTo("FAILED");

        JsonPath model = graphql(VIEWER, "{ model(name: \"never-registered\") { name } }", Map.of());
        assertThat(errorCode(model)).isEqualTo("NOT_FOUND");

        JsonPath failed = graphql(VIEWER, "{ runs(status: FAILED, dataset: \"iris-runs\") { items { id } pageInfo { total } } }", Map.of());
        assertThat(failed.getList("data.runs.items.id", Long.class)).contains(id);
    }

    @Test
    void cancellingALongRunStopsItWithinSecondsAndItCanBeRestarted() throws Exception {
        JsonPath r = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", "iris-runs", "target", "species",
                "modelName", "cancelled-model", "training", Map.of("maxEpochs", 10_000, "patience", 10_000, "batchSize", 1))));
        long id = r.getLong("data.startRun.id");
        Api.awaitRun(id, run -> "TRAIN".equals(run.get("currentStage")), Duration.ofSeconds(60));

        long t0 = System.nanoTime();
        JsonPath cancel = graphql(SCIENTIST, "mutation($id: ID!) { cancelRun(id: $id) { id ended cancelRequestedAt } }",
                Map.of("id", id));
        assertThat(errorCode(cancel)).isNull();
        assertThat(cancel.getBoolean("data.cancelRun.ended") || cancel.getString("data.cancelRun.cancelRequestedAt")
                != null).as("the answer says the cancel is under way, or done: %s", cancel.prettify()).isTrue();
        Map<String, Object> run = Api.awaitRun(id, Api::isFinal, Duration.ofSeconds(30));
        assertThat(run.get("status")).isEqualTo("CANCELLED");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        @SuppressWarnings("unchecked")
        var stages = (List<Map<String, Object>>) run.get("stages");
        assertThat(stages.get(stages.size() - 1)).containsEntry("stage", "TRAIN").containsEntry("status", "CANCELLED");

        JsonPath again = graphql(SCIENTIST, "mutation($id: ID!) { cancelRun(id: $id) { id } }", Map.of("id", id));
        assertThat(errorCode(again)).isEqualTo("INVALID_INPUT");

        JsonPath restart = graphql(SCIENTIST, "mutation($id: ID!) { restartRun(id: $id) { id attempt status } }",
                Map.of("id", id));
        assertThat(errorCode(restart)).isNull();
        assertThat(restart.getInt("data.restartRun.attempt")).isEqualTo(2);
        Api.awaitRun(id, x -> "TRAIN".equals(x.get("currentStage")), Duration.ofSeconds(60));
        graphql(SCIENTIST, "mutation($id: ID!) { cancelRun(id: $id) { id } }", Map.of("id", id));
        assertThat(Api.awaitRun(id, Api::isFinal, Duration.ofSeconds(30)).get("status")).isEqualTo("CANCELLED");
    }

    @Test
    void cancellingWhileAnEnsemblesLaterNetworkTrainsEndsTheRunCancelledWithoutAVersion() throws Exception {
        // A learning rate this small keeps the validation loss falling, so the best epoch is the last and every
        // further network trains all of them, one row per batch: long enough to be caught in the middle.
        JsonPath r = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", "iris-runs", "target", "species",
                "modelName", "cancelled-ensemble", "training", Map.of("maxEpochs", 60, "patience", 60,
                        "batchSize", 1, "learningRate", 1e-5, "ensembleSize", 10))));
        assertThat(errorCode(r)).isNull();
        long id = r.getLong("data.startRun.id");
        Api.awaitRun(id, run -> stageDetail(run, "TRAIN").contains("training network 2 of 10"), Duration.ofSeconds(120));

        long t0 = System.nanoTime();
        graphql(SCIENTIST, "mutation($id: ID!) { cancelRun(id: $id) { id } }", Map.of("id", id));
        Map<String, Object> run = Api.awaitRun(id, Api::isFinal, Duration.ofSeconds(30));
        assertThat(run.get("status")).isEqualTo("CANCELLED");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        assertThat(stageDetail(run, "TRAIN")).doesNotContain("averaged");
        assertThat(errorCode(graphql(VIEWER, "{ model(name: \"cancelled-ensemble\") { name } }", Map.of())))
                .isEqualTo("NOT_FOUND");
    }

    @SuppressWarnings("unchecked")
    private static String stageDetail(Map<String, Object> run, String stage) {
        return ((List<Map<String, Object>>) run.get("stages")).stream().filter(s -> stage.equals(s.get("stage")))
                .map(s -> String.valueOf(s.get("detail"))).findFirst().orElse("");
    }

    @Test
    void ensembleSizePastItsLimitIsRefusedNamingTheField() {
        JsonPath r = graphql(SCIENTIST, START, Map.of("in", Map.of("dataset", "iris-runs", "target", "species",
                "training", Map.of("ensembleSize", 11))));
        assertThat(errorCode(r)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(r)).contains("ensembleSize");
    }

    @Test
    void unknownRunIsNotFound() {
        JsonPath r = graphql(VIEWER, "{ run(id: 987654) { id } }", Map.of());
        assertThat(errorCode(r)).isEqualTo("NOT_FOUND");
        assertThat(errorMessage(r)).contains("987654");
    }

    @Test
    void pageSizeIsBounded() {
        JsonPath r = graphql(VIEWER, "{ runs(size: 1000) { items { id } } }", Map.of());
        assertThat(errorCode(r)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(r)).contains("size");
    }
}
