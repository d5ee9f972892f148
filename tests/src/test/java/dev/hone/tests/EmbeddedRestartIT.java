package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application in embedded mode keeps data sets, runs and models across restarts; a
 * run that was in flight when it stopped comes back as INTERRUPTED with a reason, and can be
 * started again.
 */
class EmbeddedRestartIT {

    private static final String ADMIN = "admin";
    private static final String SCIENTIST = "scientist";
    private static final String PASSWORD = "black-box-scientist-password";

    @TempDir
    Path workDir;

    @Test
    void restartKeepsRegistryAndMarksInFlightRunInterrupted() throws Exception {
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        long finishedRun;
        long inFlightRun;
        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            ok(hone.graphql(ADMIN, HoneProcess.ADMIN_PASSWORD,
                    "mutation { saveUser(username: \"scientist\", password: \"" + PASSWORD
                            + "\", roles: [\"data-scientist\"]) { username } }", Map.of()));
            assertThat(hone.upload(SCIENTIST, PASSWORD, "iris", iris).statusCode()).isEqualTo(201);

            finishedRun = start(hone, Map.of("dataset", "iris", "target", "species", "modelName", "iris-model"));
            assertThat(await(hone, finishedRun, r -> isFinal(r)).path("status").asText()).isEqualTo("SUCCEEDED");

            inFlightRun = start(hone, Map.of("dataset", "iris", "target", "species", "modelName", "iris-long",
                    "training", Map.of("maxEpochs", 10_000, "patience", 10_000)));
            await(hone, inFlightRun, r -> "TRAIN".equals(r.path("currentStage").asText()));
            hone.stop();
        }

        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            JsonNode interrupted = run(hone, inFlightRun);
            assertThat(interrupted.path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(interrupted.path("error").asText()).contains("restartRun").contains("TRAIN");

            JsonNode finished = run(hone, finishedRun);
            assertThat(finished.path("status").asText()).isEqualTo("SUCCEEDED");
            JsonNode predicted = ok(hone.graphql(SCIENTIST, PASSWORD, """
                    { predict(model: "iris-model", rows: [[{column: "sepal_length", value: "5.1"},
                        {column: "sepal_width", value: "3.5"}, {column: "petal_length", value: "1.4"},
                        {column: "petal_width", value: "0.2"}]]) { label } }""", Map.of()));
            assertThat(predicted.path("data").path("predict").get(0).path("label").asText()).isEqualTo("setosa");
            JsonNode datasets = ok(hone.graphql(SCIENTIST, PASSWORD, "{ dataset(name: \"iris\") { versions { version } } }",
                    Map.of()));
            assertThat(datasets.path("data").path("dataset").path("versions")).hasSize(1);

            JsonNode restarted = ok(hone.graphql(SCIENTIST, PASSWORD,
                    "mutation($id: ID!) { restartRun(id: $id) { attempt status } }", Map.of("id", inFlightRun)));
            assertThat(restarted.path("data").path("restartRun").path("attempt").asInt()).isEqualTo(2);
            await(hone, inFlightRun, r -> "TRAIN".equals(r.path("currentStage").asText()));
            ok(hone.graphql(SCIENTIST, PASSWORD, "mutation($id: ID!) { cancelRun(id: $id) { id } }",
                    Map.of("id", inFlightRun)));
            assertThat(await(hone, inFlightRun, EmbeddedRestartIT::isFinal).path("status").asText())
                    .isEqualTo("CANCELLED");
            hone.stop();
        }
    }

    private static long start(HoneProcess hone, Map<String, Object> input) throws Exception {
        JsonNode r = ok(hone.graphql(SCIENTIST, PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", input)));
        return r.path("data").path("startRun").path("id").asLong();
    }

    private static JsonNode run(HoneProcess hone, long id) throws Exception {
        return ok(hone.graphql(SCIENTIST, PASSWORD, "query($id: ID!) { run(id: $id) { status currentStage error } }",
                Map.of("id", id))).path("data").path("run");
    }

    private static JsonNode await(HoneProcess hone, long id, Predicate<JsonNode> done) throws Exception {
        return hone.awaitGraphql(SCIENTIST, PASSWORD, "query($id: ID!) { run(id: $id) { status currentStage error } }",
                Map.of("id", id), r -> done.test(r.path("data").path("run")), Duration.ofMinutes(3))
                .path("data").path("run");
    }

    private static boolean isFinal(JsonNode run) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED").contains(run.path("status").asText());
    }

    private static JsonNode ok(JsonNode response) {
        return HoneProcess.ok(response);
    }
}
