package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hone as an operator runs it beyond one machine ({@link ExternalCluster}): a server process and
 * worker processes against a workflow service, a PostgreSQL and an object store, each its own
 * process, sharing no directory. A study's trials spread over the workers, and a new server in place
 * of the first serves the model.
 *
 * <p>Not tested here: replacing the server while a run is in flight. The run's workflows then wait on
 * the dead process's sticky task queue, which a real Temporal server gives up after 5 s (the tasks go
 * to the shared queue, where the new server takes them) and Temporal's Java test server never does.
 */
class DistributedModeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCIENTIST = "scientist";
    private static final String PASSWORD = "black-box-scientist-password";
    private static final String RUN = """
            query($id: ID!) { run(id: $id) { status error modelVersion { version }
              study { trials { number status worker } } } }""";

    @TempDir
    Path dir;

    @Test
    void aRunOutlivesItsServerWithWorkersThatShareOnlyTheServices() throws Exception {
        try (ExternalCluster cluster = new ExternalCluster(dir).start(2)) {
            HoneProcess first = cluster.server();
            String dataset = scientistWithIris(first, "iris-cluster");
            long runId = HoneProcess.ok(first.graphql(SCIENTIST, PASSWORD,
                    "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", Map.of(
                            "dataset", dataset, "target", "species", "modelName", dataset,
                            "training", Map.of("maxEpochs", 60, "patience", 60),
                            "tuning", Map.of("sampler", "RANDOM", "objective", "validation_loss", "maxTrials", 4,
                                    "parallelism", 2, "parameters", List.of(Map.of("name", "learningRate",
                                            "type", "FLOAT", "low", 1e-3, "high", 1e-2, "log", true)))))))
                    .path("data").path("startRun").path("id").asLong();

            JsonNode done = first.awaitGraphql(SCIENTIST, PASSWORD, RUN, Map.of("id", runId),
                    r -> Set.of("SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED")
                            .contains(r.path("data").path("run").path("status").asText()), Duration.ofMinutes(5));
            // The server keeps nothing of its own: a new one, on another directory, serves the model.
            first.kill();
            HoneProcess second = cluster.newServer();
            second.start();
            JsonNode run = done.path("data").path("run");
            assertThat(run.path("status").asText()).as("%s", run).isEqualTo("SUCCEEDED");
            assertThat(trials(done).map(t -> t.path("status").asText())).containsOnly("COMPLETED");
            Set<HoneProcess> ranOn = trials(done).map(t -> cluster.workerOf(t.path("worker").asText()))
                    .collect(Collectors.toSet());
            assertThat(ranOn).as("trials ran on both workers").containsExactlyInAnyOrderElementsOf(cluster.workers());

            HttpResponse<String> answer = second.post("/api/models/" + dataset + "/predict",
                    HoneProcess.basic(SCIENTIST, PASSWORD), "application/json", """
                            {"rows": [{"sepal_length": "5.1", "sepal_width": "3.5", "petal_length": "1.4",
                              "petal_width": "0.2"}]}""".getBytes(StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("predictions").get(0).path("label").asText())
                    .isEqualTo("setosa");

            // Every artifact is in the object store; no process kept one in a directory of its own.
            assertThat(cluster.objects()).hasSizeGreaterThan(5);
            try (Stream<Path> files = Files.walk(dir)) {
                assertThat(files.filter(Files::isRegularFile)
                        .filter(f -> f.toString().contains("/data/artifacts/")).toList()).isEmpty();
            }
        }
    }

    @Test
    void gpuWorkRunsOnlyWhereAGpuWorkerPollsAndARunSaysWhenNoneDoes() throws Exception {
        try (ExternalCluster cluster = new ExternalCluster(dir).start(1)) {
            HoneProcess hone = cluster.server();
            HoneProcess cpu = cluster.workers().get(0);
            // Without a GPU, a GPU worker refuses to start unless told to pretend.
            HoneProcess refused = cluster.launchWorker("mlops-gpu");
            assertThat(refused.awaitExit(Duration.ofMinutes(2))).as("a GPU worker without a GPU exits").isTrue();
            assertThat(refused.log()).contains("hone.runtime.worker-queues names mlops-gpu, but the engine sees no GPU");
            HoneProcess gpu = cluster.startWorker("mlops-gpu", "-Dhone.runtime.fake-gpu=true");
            String dataset = scientistWithIris(hone, "iris-devices");
            JsonNode processes = HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD,
                    "{ workerProcesses { identity queues computeConcurrency } }", Map.of()))
                    .path("data").path("workerProcesses");
            assertThat(processes).extracting(p -> p.path("identity").asText() + " " + p.path("queues"))
                    .containsExactlyInAnyOrder(hone.pid() + "@" + java.net.InetAddress.getLocalHost().getHostName()
                                    + " [\"mlops-control\"]",
                            cpu.pid() + "@" + java.net.InetAddress.getLocalHost().getHostName() + " [\"mlops-cpu\"]",
                            gpu.pid() + "@" + java.net.InetAddress.getLocalHost().getHostName() + " [\"mlops-gpu\"]");
            String routed = """
                    query($id: ID!) { run(id: $id) { status error computeDevice computeNote
                      study { trials { status worker } } } }""";

            JsonNode onGpu = awaitEnd(hone, routed, startRun(hone, dataset, "GPU", true));
            assertThat(onGpu.path("status").asText()).as("%s", onGpu).isEqualTo("SUCCEEDED");
            assertThat(onGpu.path("computeDevice").asText()).isEqualTo("GPU");
            assertThat(onGpu.path("computeNote").asText()).isEqualTo("GPU as asked: 1 GPU worker process polls mlops-gpu");
            assertThat(onGpu.path("study").path("trials")).hasSize(2).allSatisfy(t ->
                    assertThat(cluster.workerOf(t.path("worker").asText())).isSameAs(gpu));

            JsonNode auto = awaitEnd(hone, routed, startRun(hone, dataset, "AUTO", true));
            assertThat(auto.path("status").asText()).as("%s", auto).isEqualTo("SUCCEEDED");
            assertThat(auto.path("computeDevice").asText()).isEqualTo("CPU");
            assertThat(auto.path("computeNote").asText()).startsWith("AUTO chose CPU: 105 training rows x")
                    .contains("below the 1,000,000,000 from which a GPU pays");
            assertThat(auto.path("study").path("trials")).allSatisfy(t ->
                    assertThat(cluster.workerOf(t.path("worker").asText())).isSameAs(cpu));

            // With the GPU worker gone, a GPU run waits and says so, until it is cancelled.
            gpu.stop();
            long waiting = startRun(hone, dataset, "GPU", false);
            hone.awaitGraphql(SCIENTIST, PASSWORD, routed, Map.of("id", waiting), r -> r.path("data").path("run")
                    .path("computeNote").asText().contains("no GPU worker polls mlops-gpu now: the run waits for one"),
                    Duration.ofMinutes(2));
            HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD, "mutation($id: ID!) { cancelRun(id: $id) { id } }",
                    Map.of("id", waiting)));
            assertThat(awaitEnd(hone, routed, waiting).path("status").asText()).isEqualTo("CANCELLED");
        }
    }

    /** Adds the data scientist and uploads iris as {@code dataset}; the data set's name. */
    private static String scientistWithIris(HoneProcess hone, String dataset) throws Exception {
        HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD, "mutation { saveUser(username: \""
                + SCIENTIST + "\", password: \"" + PASSWORD + "\", roles: [\"data-scientist\"]) { username } }",
                Map.of()));
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        assertThat(hone.upload(SCIENTIST, PASSWORD, dataset, iris).statusCode()).isEqualTo(201);
        return dataset;
    }

    private static long startRun(HoneProcess hone, String dataset, String device, boolean study) throws Exception {
        Map<String, Object> input = new java.util.HashMap<>(Map.of("dataset", dataset, "target", "species",
                "modelName", dataset, "device", device, "training", Map.of("maxEpochs", 20, "patience", 20)));
        if (study) {
            input.put("tuning", Map.of("sampler", "RANDOM", "objective", "validation_loss", "maxTrials", 2,
                    "parallelism", 1, "parameters", List.of(Map.of("name", "learningRate", "type", "FLOAT",
                            "low", 1e-3, "high", 1e-2, "log", true))));
        }
        return HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", input)))
                .path("data").path("startRun").path("id").asLong();
    }

    private static JsonNode awaitEnd(HoneProcess hone, String query, long runId) throws Exception {
        return hone.awaitGraphql(SCIENTIST, PASSWORD, query, Map.of("id", runId),
                r -> Set.of("SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED")
                        .contains(r.path("data").path("run").path("status").asText()), Duration.ofMinutes(4))
                .path("data").path("run");
    }

    private static Stream<JsonNode> trials(JsonNode response) {
        return StreamSupport.stream(response.path("data").path("run").path("study").path("trials").spliterator(),
                false);
    }
}
