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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two API processes on one database: what one of them changes (an alias, a rejection, a user's
 * password) answers the other's next predictions, although each remembers versions and users so
 * that a prediction reads no row. The second process is a server-mode Hone on the first one's
 * PostgreSQL, workflow service and artifact directory, as a second replica behind a load balancer.
 */
class ServingAcrossProcessesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin";
    private static final String SCIENTIST = "scientist";
    private static final String APPROVER = "approver";
    private static final String CONSUMER = "consumer";
    private static final String PASSWORD = "black-box-serving-password";
    private static final String MODEL = "iris-replicas";
    private static final Duration PROPAGATION = Duration.ofSeconds(2);
    private static final byte[] FLOWER = """
            {"rows": [{"sepal_length": "5.1", "sepal_width": "3.5", "petal_length": "1.4", "petal_width": "0.2"}]}
            """.getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aChangeMadeThroughOneProcessAnswersTheOthersNextPredictions() throws Exception {
        int databasePort = HoneProcess.freePort();
        String artifacts = "-Dhone.registry.artifact-dir=" + dir.resolve("artifacts");
        Map<String, String> env = Map.of("HONE_DB_PASSWORD", "replicas-" + UUID.randomUUID());
        try (HoneProcess first = new HoneProcess(dir.resolve("first"), env, artifacts,
                "-Dhone.db.embedded.port=" + databasePort)) {
            first.start();
            saveUser(first, SCIENTIST, PASSWORD, "data-scientist");
            saveUser(first, APPROVER, PASSWORD, "approver");
            saveUser(first, CONSUMER, PASSWORD, "model-consumer");
            byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
            assertThat(first.upload(SCIENTIST, PASSWORD, "iris", iris).statusCode()).isEqualTo(201);
            train(first);
            train(first);
            alias(first, 1);

            Map<String, String> replicaEnv = new java.util.HashMap<>(env);
            replicaEnv.put("HONE_DB_URL", "jdbc:postgresql://127.0.0.1:" + databasePort + "/hone");
            replicaEnv.put("HONE_DB_USER", "postgres");
            try (HoneProcess second = new HoneProcess(dir.resolve("second"), replicaEnv, artifacts,
                    "-Dhone.runtime.mode=server", "-Dhone.runtime.temporal.target=127.0.0.1:" + first.temporalPort())) {
                second.start();
                assertThat(versionAnswering(second, CONSUMER, PASSWORD, "?alias=staging")).isEqualTo(1);
                assertThat(versionAnswering(second, CONSUMER, PASSWORD, "?alias=staging")).as("remembered").isEqualTo(1);

                alias(first, 2);
                awaitVersion(second, "?alias=staging", 2, "the alias moved through the first process");

                HoneProcess.ok(first.graphql(APPROVER, PASSWORD, "mutation { rejectModelVersion(model: \"" + MODEL
                        + "\", version: 2, comment: \"not this one\") { approvalStatus } }", Map.of()));
                long deadline = System.nanoTime() + PROPAGATION.toNanos();
                HttpResponse<String> refused;
                do {
                    refused = predict(second, CONSUMER, PASSWORD, "?alias=staging");
                } while (refused.statusCode() == 200 && System.nanoTime() < deadline);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
                assertThat(refused.body()).contains("REJECTED");

                // A new password set through the first process: the old one stops working on the second.
                saveUser(first, CONSUMER, PASSWORD + "-new", "model-consumer");
                deadline = System.nanoTime() + PROPAGATION.toNanos();
                HttpResponse<String> old;
                do {
                    old = predict(second, CONSUMER, PASSWORD, "?version=1");
                } while (old.statusCode() == 200 && System.nanoTime() < deadline);
                assertThat(old.statusCode()).isEqualTo(401);
                assertThat(versionAnswering(second, CONSUMER, PASSWORD + "-new", "?version=1")).isEqualTo(1);
            }
        }
    }

    private static void train(HoneProcess hone) throws Exception {
        JsonNode started = HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD,
                "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", Map.of(
                        "dataset", "iris", "target", "species", "modelName", MODEL,
                        "training", Map.of("maxEpochs", 5)))));
        long runId = started.path("data").path("startRun").path("id").asLong();
        JsonNode run = hone.awaitGraphql(SCIENTIST, PASSWORD, "query($id: ID!) { run(id: $id) { status } }",
                Map.of("id", runId),
                r -> !List.of("QUEUED", "RUNNING").contains(r.path("data").path("run").path("status").asText()),
                Duration.ofMinutes(3));
        assertThat(run.path("data").path("run").path("status").asText()).isEqualTo("SUCCEEDED");
    }

    private static void alias(HoneProcess hone, int version) throws Exception {
        HoneProcess.ok(hone.graphql(APPROVER, PASSWORD, "mutation($v: Int!) { setAlias(model: \"" + MODEL
                + "\", alias: \"staging\", version: $v) { alias } }", Map.of("v", version)));
    }

    private static void saveUser(HoneProcess hone, String user, String password, String role) throws Exception {
        HoneProcess.ok(hone.graphql(ADMIN, HoneProcess.ADMIN_PASSWORD,
                "mutation($u: String!, $p: String!, $r: [String!]!) { saveUser(username: $u, password: $p, "
                        + "roles: $r) { username } }", Map.of("u", user, "p", password, "r", List.of(role))));
    }

    private static void awaitVersion(HoneProcess hone, String query, int expected, String why) throws Exception {
        long deadline = System.nanoTime() + PROPAGATION.toNanos();
        int version;
        do {
            version = versionAnswering(hone, CONSUMER, PASSWORD, query);
        } while (version != expected && System.nanoTime() < deadline);
        assertThat(version).as("within %s after %s", PROPAGATION, why).isEqualTo(expected);
    }

    private static int versionAnswering(HoneProcess hone, String user, String password, String query)
            throws Exception {
        HttpResponse<String> r = predict(hone, user, password, query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("version").asInt();
    }

    private static HttpResponse<String> predict(HoneProcess hone, String user, String password, String query)
            throws Exception {
        return hone.post("/api/models/" + MODEL + "/predict" + query, HoneProcess.basic(user, password),
                "application/json", FLOWER);
    }
}
