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
 * A study's trials on separate worker processes, which are killed (SIGKILL) or stopped (SIGTERM) in
 * the middle of a trial, started before the workflow service, or outlive their server.
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
            addScientist(hone);
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

    @Test
    void aStoppedWorkerHandsItsTrialBackAtOnceAndTakesNoNewWork() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir).start(2)) {
            HoneProcess hone = cluster.server();
            long runId = startStudy(hone, 250, 32, 3, 1);

            JsonNode trial = awaitTrainingTrial(hone, cluster, runId);
            int number = trial.path("number").asInt();
            HoneProcess stopped = cluster.workerOf(trial.path("worker").asText());
            HoneProcess other = cluster.workers().stream().filter(w -> w != stopped).findFirst().orElseThrow();
            long t0 = System.nanoTime();
            stopped.terminate();

            // The other worker takes the trial over well before the 20 s heartbeat timeout would notice.
            hone.awaitGraphql(SCIENTIST, PASSWORD, TRIALS, Map.of("id", runId),
                    r -> trials(r).stream().anyMatch(t -> t.path("number").asInt() == number
                            && t.path("attempt").asInt() == 2 && cluster.workerOf(t.path("worker").asText()) == other),
                    Duration.ofSeconds(12));
            Duration handedBack = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(handedBack).as("handed back and taken over").isLessThan(Duration.ofSeconds(12));
            assertThat(stopped.awaitExit(Duration.ofSeconds(20))).as("the stopped worker exits").isTrue();
            assertThat(stopped.log()).contains("trial " + number + " of study").contains("goes back to the workflow service");

            JsonNode after = hone.awaitGraphql(SCIENTIST, PASSWORD, TRIALS, Map.of("id", runId),
                    r -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(r.path("data").path("run")
                            .path("status").asText()), Duration.ofMinutes(4));
            assertThat(after.path("data").path("run").path("status").asText()).as("%s", after).isEqualTo("SUCCEEDED");
            assertThat(trials(after)).allSatisfy(t -> assertThat(t.path("status").asText()).isEqualTo("COMPLETED"));
            assertThat(trials(after)).filteredOn(t -> t.path("number").asInt() > number)
                    .allSatisfy(t -> assertThat(cluster.workerOf(t.path("worker").asText())).isSameAs(other));
        }
    }

    @Test
    void workersStartedBeforeTheirDatabaseOrWorkflowServiceWaitForThem() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir)) {
            // Nothing runs yet: the worker waits for the server's database.
            HoneProcess hone = cluster.newServer();
            HoneProcess early = cluster.launchWorker();
            early.awaitLog("Waiting for the database at jdbc:postgresql://127.0.0.1:", Duration.ofMinutes(3));
            Thread.sleep(3000);
            assertThat(early.isAlive()).as("the worker waits instead of exiting").isTrue();
            hone.start();
            early.awaitReady(Duration.ofMinutes(2));

            // The database answers but the workflow service does not (its process is frozen).
            hone.freeze();
            HoneProcess late;
            try {
                late = cluster.launchWorker();
                late.awaitLog("Waiting for the workflow service at 127.0.0.1:" + hone.temporalPort(),
                        Duration.ofMinutes(3));
                Thread.sleep(3000);
                assertThat(late.isAlive()).as("the worker waits instead of exiting").isTrue();
            } finally {
                hone.thaw();
            }
            late.awaitReady(Duration.ofMinutes(1));

            addScientist(hone);
            String dataset = upload(hone, "iris-early-worker");
            // The server does no compute: only the waiting workers can run this.
            JsonNode started = HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD,
                    "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", Map.of(
                            "dataset", dataset, "target", "species", "training", Map.of("maxEpochs", 20)))));
            long runId = started.path("data").path("startRun").path("id").asLong();
            JsonNode run = hone.awaitGraphql(SCIENTIST, PASSWORD, TRIALS, Map.of("id", runId),
                    r -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(r.path("data").path("run")
                            .path("status").asText()), Duration.ofMinutes(4)).path("data").path("run");
            assertThat(run.path("status").asText()).as("%s", run).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aWorkerThatOutlivesItsServerCannotWriteIntoTheDeadStudy() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir).start(1)) {
            HoneProcess hone = cluster.server();
            long runId = startStudy(hone, 10_000, 1, 2, 1); // trains until the test is done
            int number = awaitTrainingTrial(hone, cluster, runId).path("number").asInt();
            HoneProcess survivor = cluster.workers().get(0);

            hone.kill();
            HoneProcess restarted = cluster.newServer();
            restarted.start();

            JsonNode interrupted = trial(restarted, runId, number);
            assertThat(interrupted.path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(survivor.isAlive()).isTrue();
            // The worker still trains the trial and tries to record its curve: every write is refused.
            survivor.awaitLog("has ended (INTERRUPTED)", Duration.ofMinutes(1));
            Thread.sleep(3000);
            JsonNode later = trial(restarted, runId, number);
            assertThat(later).isEqualTo(interrupted);
            JsonNode run = HoneProcess.ok(restarted.graphql(SCIENTIST, PASSWORD, TRIALS, Map.of("id", runId)))
                    .path("data").path("run");
            assertThat(run.path("status").asText()).isEqualTo("INTERRUPTED");
            assertThat(run.path("study").path("status").asText()).isEqualTo("INTERRUPTED");
        }
    }

    private static JsonNode trial(HoneProcess hone, long runId, int number) throws Exception {
        return trials(HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD, TRIALS, Map.of("id", runId)))).stream()
                .filter(t -> t.path("number").asInt() == number).findFirst().orElseThrow();
    }

    /** Waits until a trial of the run trains on one of the cluster's workers (two epochs recorded); that trial. */
    private static JsonNode awaitTrainingTrial(HoneProcess hone, LocalCluster cluster, long runId) throws Exception {
        JsonNode r = hone.awaitGraphql(SCIENTIST, PASSWORD, TRIALS, Map.of("id", runId),
                x -> trials(x).stream().anyMatch(t -> isTraining(t, cluster, 2)), Duration.ofMinutes(4));
        return trials(r).stream().filter(t -> isTraining(t, cluster, 2)).findFirst().orElseThrow();
    }

    private static void addScientist(HoneProcess hone) throws Exception {
        HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD, "mutation { saveUser(username: \""
                + SCIENTIST + "\", password: \"" + PASSWORD + "\", roles: [\"data-scientist\"]) { username } }",
                Map.of()));
    }

    /** A trial running on one of the cluster's workers that has recorded at least {@code epochs} values. */
    private static boolean isTraining(JsonNode trial, LocalCluster cluster, int epochs) {
        return "RUNNING".equals(trial.path("status").asText()) && trial.path("intermediateValues").size() >= epochs
                && cluster.workerOf(trial.path("worker").asText(null)) != null;
    }

    private static String upload(HoneProcess hone, String prefix) throws Exception {
        String dataset = prefix + "-" + System.nanoTime();
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        assertThat(hone.upload(SCIENTIST, PASSWORD, dataset, iris).statusCode()).isEqualTo(201);
        return dataset;
    }

    /** Adds the scientist, uploads iris and starts a run with a study of {@code trials} trials. */
    private static long startStudy(HoneProcess hone, int maxEpochs, int batchSize, int trials, int parallelism)
            throws Exception {
        addScientist(hone);
        String dataset = upload(hone, "iris-study");
        JsonNode started = HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", Map.of(
                        "dataset", dataset, "target", "species", "modelName", dataset,
                        "training", Map.of("maxEpochs", maxEpochs, "patience", maxEpochs, "batchSize", batchSize),
                        "tuning", Map.of("sampler", "RANDOM", "objective", "validation_loss", "maxTrials", trials,
                                "parallelism", parallelism, "parameters", List.of(Map.of("name", "learningRate",
                                        "type", "FLOAT", "low", 1e-3, "high", 1e-2, "log", true)))))));
        return started.path("data").path("startRun").path("id").asLong();
    }

    private static List<JsonNode> trials(JsonNode response) {
        return StreamSupport.stream(response.path("data").path("run").path("study").path("trials").spliterator(),
                false).toList();
    }
}
