package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study's trials run on separate worker processes; one of them is killed (SIGKILL) in the middle
 * of a trial. The study still finishes: the interrupted trial runs again on the other worker, and
 * no finished trial runs twice.
 */
class WorkerProcessesIT {

    private static final String SCIENTIST = "scientist";
    private static final String PASSWORD = "black-box-scientist-password";
    private static final String TRIALS = """
            query($id: ID!) { run(id: $id) { status error modelVersion { version study { id } }
              study { id status trials { number status worker attempt value endedAt intermediateValues } } } }""";

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledMidStudyLosesNoTrialAndRepeatsNone() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir).start(2)) {
            HoneProcess hone = cluster.server();
            HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD, "mutation { saveUser(username: \""
                    + SCIENTIST + "\", password: \"" + PASSWORD + "\", roles: [\"data-scientist\"]) { username } }",
                    Map.of()));
            String dataset = "iris-workers-" + System.nanoTime();
            byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
            assertThat(hone.upload(SCIENTIST, PASSWORD, dataset, iris).statusCode()).isEqualTo(201);
            JsonNode started = HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD,
                    "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", Map.of(
                            "dataset", dataset, "target", "species", "modelName", dataset,
                            "training", Map.of("maxEpochs", 250, "patience", 250),
                            "tuning", Map.of("sampler", "RANDOM", "objective", "validation_loss", "maxTrials", 6,
                                    "parallelism", 2, "parameters", List.of(Map.of("name", "learningRate",
                                            "type", "FLOAT", "low", 1e-3, "high", 1e-2, "log", true)))))));
            long runId = started.path("data").path("startRun").path("id").asLong();

            // Wait until one trial has finished and another is a few epochs into its training.
            JsonNode before = hone.awaitGraphql(SCIENTIST, PASSWORD, TRIALS, Map.of("id", runId),
                    r -> trials(r).stream().anyMatch(t -> "COMPLETED".equals(t.path("status").asText()))
                            && trials(r).stream().anyMatch(t -> "RUNNING".equals(t.path("status").asText())
                                    && t.path("intermediateValues").size() >= 3
                                    && cluster.workerOf(t.path("worker").asText(null)) != null),
                    Duration.ofMinutes(4));
            Set<String> workersBefore = new HashSet<>();
            // A trial just proposed has no worker yet.
            trials(before).stream().filter(t -> t.hasNonNull("worker"))
                    .forEach(t -> workersBefore.add(t.path("worker").asText()));
            assertThat(workersBefore).as("trials ran on both worker processes").hasSize(2);
            Map<Integer, JsonNode> finishedBefore = new HashMap<>();
            trials(before).stream().filter(t -> "COMPLETED".equals(t.path("status").asText()))
                    .forEach(t -> finishedBefore.put(t.path("number").asInt(), t));
            JsonNode interrupted = trials(before).stream().filter(t -> "RUNNING".equals(t.path("status").asText())
                    && t.path("intermediateValues").size() >= 3).findFirst().orElseThrow();
            HoneProcess victim = cluster.workerOf(interrupted.path("worker").asText());
            victim.kill();
            HoneProcess survivor = cluster.workers().stream().filter(w -> w != victim).findFirst().orElseThrow();

            JsonNode after = hone.awaitGraphql(SCIENTIST, PASSWORD, TRIALS, Map.of("id", runId),
                    r -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(r.path("data").path("run")
                            .path("status").asText()), Duration.ofMinutes(4));
            JsonNode run = after.path("data").path("run");
            assertThat(run.path("status").asText()).as("%s", run).isEqualTo("SUCCEEDED");
            List<JsonNode> trials = trials(after);
            assertThat(trials).extracting(t -> t.path("number").asInt())
                    .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
            assertThat(trials).allSatisfy(t -> assertThat(t.path("status").asText()).isEqualTo("COMPLETED"));
            for (JsonNode t : trials) {
                int number = t.path("number").asInt();
                if (finishedBefore.containsKey(number)) {
                    // Finished before the kill: untouched since, so it did not run again.
                    assertThat(t).as("trial %d", number).isEqualTo(finishedBefore.get(number));
                } else if (number == interrupted.path("number").asInt()) {
                    assertThat(t.path("attempt").asInt()).as("interrupted trial retried").isEqualTo(2);
                    assertThat(cluster.workerOf(t.path("worker").asText())).isSameAs(survivor);
                } else {
                    assertThat(t.path("attempt").asInt()).as("trial %d", number).isEqualTo(1);
                }
            }
            assertThat(trials).filteredOn(t -> t.path("number").asInt() > interrupted.path("number").asInt()
                    && !finishedBefore.containsKey(t.path("number").asInt()))
                    .allSatisfy(t -> assertThat(cluster.workerOf(t.path("worker").asText())).isSameAs(survivor));
            assertThat(run.path("modelVersion").path("study").path("id").asText())
                    .isEqualTo(run.path("study").path("id").asText());
        }
    }

    private static List<JsonNode> trials(JsonNode response) {
        return StreamSupport.stream(response.path("data").path("run").path("study").path("trials").spliterator(),
                false).toList();
    }
}
