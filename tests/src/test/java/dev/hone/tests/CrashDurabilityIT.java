package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at the worst moments: within 0-100 ms after Hone acknowledged a write (an upload answered
 * 201, a run reported SUCCEEDED, an approval, an alias move, a new user). Every acknowledged write
 * must be there after the next start, which takes over the same data directory with no manual step
 * (the embedded PostgreSQL of the killed process is still running then, and is taken over), and no
 * data set or model version number is ever handed out twice.
 */
class CrashDurabilityIT {

    private static final int KILLS = 24;
    private static final String SCIENTIST = "scientist";
    private static final String APPROVER = "approver";
    private static final String PASSWORD = "black-box-durability-password";
    private static final String MODEL = "iris-durable";

    @TempDir
    Path workDir;

    private enum Action { UPLOAD, RUN, APPROVE, ALIAS }

    /** What Hone acknowledged, keyed as a user would look it up. */
    private final Map<String, String> datasetVersions = new LinkedHashMap<>();
    private final Map<Integer, Long> versionRuns = new LinkedHashMap<>();
    private final Map<Integer, String> approvals = new LinkedHashMap<>();
    private final Map<String, Integer> aliases = new LinkedHashMap<>();
    private final Map<Long, Integer> succeededRuns = new LinkedHashMap<>();
    private int uploads;
    private int checks;

    @Test
    void noAcknowledgedWriteIsLostAndNoVersionNumberReusedAcrossKills() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        List<String> log = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            try (HoneProcess hone = new HoneProcess(workDir)) {
                hone.start();
                verify(hone);
                String done;
                if (kill == 0) {
                    for (var user : Map.of(SCIENTIST, "data-scientist", APPROVER, "approver").entrySet()) {
                        HoneProcess.ok(hone.graphql("admin", HoneProcess.ADMIN_PASSWORD,
                                "mutation($u: String!, $p: String!, $r: [String!]!) { saveUser(username: $u, "
                                        + "password: $p, roles: $r) { username } }",
                                Map.of("u", user.getKey(), "p", PASSWORD, "r", List.of(user.getValue()))));
                    }
                    assertThat(upload(hone, iris)).isEqualTo(201);
                    done = "users and first upload";
                } else {
                    Action action = Action.values()[(kill - 1) % Action.values().length];
                    done = act(hone, action, iris, random);
                }
                int delayMs = random.nextInt(101);
                Thread.sleep(delayMs);
                hone.kill();
                log.add("kill " + (kill + 1) + ": " + delayMs + " ms after " + done);
            }
        }
        try (HoneProcess hone = new HoneProcess(workDir)) {
            hone.start();
            verify(hone);
            hone.stop();
            // Every start after a kill found the killed process's PostgreSQL running and took it over.
            assertThat(hone.log().split("Took over the embedded PostgreSQL", -1)).hasSize(KILLS + 1);
        }
        System.out.printf("Crash durability (seed %d): %d SIGKILLs right after acknowledged writes; %d acknowledged "
                + "facts checked after restarts (%d data set versions, %d model versions, %d approvals, %d aliases); "
                + "0 lost, 0 version numbers reused%n%s%n", seed, KILLS, checks, datasetVersions.size(),
                versionRuns.size(), approvals.size(), aliases.size(), String.join("\n", log));
    }

    private String act(HoneProcess hone, Action action, byte[] iris, Random random) throws Exception {
        switch (action) {
            case UPLOAD -> {
                assertThat(upload(hone, iris)).isEqualTo(201);
                return "upload " + uploads;
            }
            case RUN -> {
                JsonNode started = HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD,
                        "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in", Map.of(
                                "dataset", "iris", "target", "species", "modelName", MODEL,
                                "training", Map.of("maxEpochs", 8)))));
                long runId = started.path("data").path("startRun").path("id").asLong();
                JsonNode run = hone.awaitGraphql(SCIENTIST, PASSWORD,
                        "query($id: ID!) { run(id: $id) { status modelVersion { version approvalStatus } } }",
                        Map.of("id", runId),
                        r -> !List.of("QUEUED", "RUNNING").contains(r.path("data").path("run").path("status").asText()),
                        Duration.ofMinutes(3)).path("data").path("run");
                assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
                int version = run.path("modelVersion").path("version").asInt();
                assertThat(versionRuns).as("model version %d handed out again", version).doesNotContainKey(version);
                versionRuns.put(version, runId);
                succeededRuns.put(runId, version);
                // PENDING, or REJECTED by the validation gate when production answers better on the same rows.
                String approval = run.path("modelVersion").path("approvalStatus").asText();
                assertThat(approval).isIn("PENDING", "REJECTED");
                approvals.put(version, approval);
                return "run " + runId + " SUCCEEDED with version " + version + " (" + approval + ")";
            }
            case APPROVE -> {
                Integer pending = approvals.entrySet().stream().filter(e -> e.getValue().equals("PENDING"))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                if (pending == null) {
                    return act(hone, Action.RUN, iris, random);
                }
                boolean approve = random.nextInt(4) != 0;
                String mutation = approve
                        ? "mutation($v: Int!) { approveModelVersion(model: \"" + MODEL + "\", version: $v, "
                                + "comment: \"durable\") { approvalStatus } }"
                        : "mutation($v: Int!) { rejectModelVersion(model: \"" + MODEL + "\", version: $v, "
                                + "comment: \"not this one\") { approvalStatus } }";
                HoneProcess.ok(hone.graphql(APPROVER, PASSWORD, mutation, Map.of("v", pending)));
                approvals.put(pending, approve ? "APPROVED" : "REJECTED");
                return (approve ? "approval" : "rejection") + " of version " + pending;
            }
            case ALIAS -> {
                List<Integer> approved = approvals.entrySet().stream().filter(e -> e.getValue().equals("APPROVED"))
                        .map(Map.Entry::getKey).toList();
                boolean production = !approved.isEmpty() && random.nextBoolean();
                List<Integer> candidates = production ? approved : List.copyOf(versionRuns.keySet());
                if (candidates.isEmpty()) {
                    return act(hone, Action.RUN, iris, random);
                }
                String alias = production ? "production" : "staging";
                int version = candidates.get(random.nextInt(candidates.size()));
                HoneProcess.ok(hone.graphql(production ? APPROVER : SCIENTIST, PASSWORD,
                        "mutation($a: String!, $v: Int!) { setAlias(model: \"" + MODEL + "\", alias: $a, version: $v) "
                                + "{ version } }", Map.of("a", alias, "v", version)));
                aliases.put(alias, version);
                return "alias " + alias + " -> " + version;
            }
            default -> throw new IllegalStateException(action.name());
        }
    }

    /** Uploads a variant of iris no earlier upload had, so each one is a new version. */
    private int upload(HoneProcess hone, byte[] iris) throws Exception {
        uploads++;
        byte[] body = uploads == 1 ? iris
                : (new String(iris, StandardCharsets.UTF_8) + "5.0,3.0,1.6," + (uploads / 10.0) + ",setosa\n")
                        .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = hone.upload(SCIENTIST, PASSWORD, "iris", body);
        if (r.statusCode() == 201) {
            JsonNode answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            String key = "iris:" + answer.path("version").asInt();
            assertThat(datasetVersions).as("data set version %s handed out again", key).doesNotContainKey(key);
            datasetVersions.put(key, answer.path("sha256").asText());
        }
        return r.statusCode();
    }

    /** Every acknowledged write is there, exactly as acknowledged. */
    private void verify(HoneProcess hone) throws Exception {
        if (datasetVersions.isEmpty()) {
            return;
        }
        JsonNode versions = HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD,
                "{ dataset(name: \"iris\") { versions { version sha256 } } }", Map.of()))
                .path("data").path("dataset").path("versions");
        Map<String, String> stored = new LinkedHashMap<>();
        versions.forEach(v -> stored.put("iris:" + v.path("version").asInt(), v.path("sha256").asText()));
        assertThat(stored).containsAllEntriesOf(datasetVersions);
        checks += datasetVersions.size() + 2; // versions and both users (they signed in above)

        for (var run : succeededRuns.entrySet()) {
            JsonNode r = HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD,
                    "query($id: ID!) { run(id: $id) { status modelVersion { version } } }", Map.of("id", run.getKey())))
                    .path("data").path("run");
            assertThat(r.path("status").asText()).as("run %d", run.getKey()).isEqualTo("SUCCEEDED");
            assertThat(r.path("modelVersion").path("version").asInt()).isEqualTo(run.getValue());
            checks++;
        }
        if (!versionRuns.isEmpty()) {
            JsonNode model = HoneProcess.ok(hone.graphql(SCIENTIST, PASSWORD,
                    "{ model(name: \"" + MODEL + "\") { versions { version approvalStatus run { id } } "
                            + "aliases { alias version } } }", Map.of())).path("data").path("model");
            Map<Integer, Long> runsByVersion = new LinkedHashMap<>();
            Map<Integer, String> approvalByVersion = new LinkedHashMap<>();
            model.path("versions").forEach(v -> {
                runsByVersion.put(v.path("version").asInt(), v.path("run").path("id").asLong());
                approvalByVersion.put(v.path("version").asInt(), v.path("approvalStatus").asText());
            });
            assertThat(runsByVersion).containsAllEntriesOf(versionRuns);
            assertThat(approvalByVersion).containsAllEntriesOf(approvals);
            Map<String, Integer> storedAliases = new LinkedHashMap<>();
            model.path("aliases").forEach(a -> storedAliases.put(a.path("alias").asText(), a.path("version").asInt()));
            assertThat(storedAliases).containsAllEntriesOf(aliases);
            checks += versionRuns.size() + approvals.size() + aliases.size();
        }
    }
}
