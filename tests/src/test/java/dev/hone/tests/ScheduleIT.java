package dev.hone.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduled retraining in the packaged application, end to end: the schedule's fire starts a run that trains and
 * registers a model version, linked back to the fire; the schedule survives a stop (SIGTERM) and a crash (SIGKILL)
 * of Hone: at the next start its workflow is restored from the registry, records the times it missed as skipped,
 * and fires again. A drift monitor fires its schedule on shifted traffic and keeps its cool-down across a crash and
 * a stop.
 */
class ScheduleIT {

    private static final String ADMIN = "admin";
    private static final String PASSWORD = HoneProcess.ADMIN_PASSWORD;
    private static final String SCHEDULE = "query { schedule(name: \"nightly\") { status lastFireAt nextFireAt "
            + "fires(limit: 200) { fireTime cause outcome runId reason } } }";

    @TempDir
    Path workDir;

    @Test
    void aScheduledRetrainingRunsEndToEndAndItsScheduleSurvivesStopAndCrash() throws Exception {
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        String[] args = {"-Dhone.limits.schedule-min-interval-seconds=2"};
        String dataset = "iris-scheduled-" + System.nanoTime();
        try (HoneProcess hone = new HoneProcess(workDir, args)) {
            hone.start();
            assertThat(hone.upload(ADMIN, PASSWORD, dataset, iris).statusCode()).isEqualTo(201);
            JsonNode made = HoneProcess.ok(hone.graphql(ADMIN, PASSWORD, "mutation($run: StartRunInput!) { "
                    + "createSchedule(name: \"nightly\", run: $run, when: {intervalSeconds: 4}) { status } }",
                    Map.of("run", Map.of("dataset", dataset, "target", "species", "modelName", dataset + "-model",
                            "training", Map.of("maxEpochs", 2)))));
            assertThat(made.path("data").path("createSchedule").path("status").asText()).isEqualTo("ACTIVE");

            JsonNode fired = awaitSchedule(hone, s -> started(s).size() >= 1, Duration.ofSeconds(60));
            long runId = started(fired).getFirst().path("runId").asLong();
            JsonNode run = hone.awaitGraphql(ADMIN, PASSWORD, "query($id: ID!) { run(id: $id) { status "
                    + "modelVersion { version } scheduledBy { schedule cause fireTime } } }", Map.of("id", runId),
                    r -> List.of("SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED")
                            .contains(r.path("data").path("run").path("status").asText()), Duration.ofMinutes(3))
                    .path("data").path("run");
            assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(run.path("modelVersion").path("version").asInt()).isPositive();
            assertThat(run.path("scheduledBy").path("schedule").asText()).as("lineage: run to its fire")
                    .isEqualTo("nightly");
            assertThat(run.path("scheduledBy").path("cause").asText()).isEqualTo("SCHEDULE");
            hone.stop();
        }
        Instant stopped = Instant.now();
        Thread.sleep(9_000); // two or more times pass while Hone is down

        try (HoneProcess hone = new HoneProcess(workDir, args)) {
            hone.start();
            JsonNode back = awaitSchedule(hone, s -> started(s).stream().anyMatch(f -> Instant.parse(
                    f.path("fireTime").asText()).isAfter(stopped)), Duration.ofSeconds(60));
            assertThat(fires(back)).as("the missed times, recorded as skipped").anySatisfy(f -> {
                assertThat(f.path("outcome").asText()).isEqualTo("SKIPPED");
                assertThat(f.path("reason").asText()).contains("Missed while Hone was down");
            });
            hone.kill();
        }
        Instant crashed = Instant.now();

        try (HoneProcess hone = new HoneProcess(workDir, args)) {
            hone.start();
            JsonNode back = awaitSchedule(hone, s -> fires(s).stream().anyMatch(f -> Instant.parse(
                    f.path("fireTime").asText()).isAfter(crashed)), Duration.ofSeconds(60));
            assertThat(back.path("data").path("schedule").path("status").asText()).isEqualTo("ACTIVE");
            assertThat(HoneProcess.ok(hone.graphql(ADMIN, PASSWORD, "mutation { deleteSchedule(name: "
                    + "\"nightly\") }", Map.of())).path("data").path("deleteSchedule").asBoolean()).isTrue();
            hone.stop();
        }
    }

    /**
     * A drift monitor in the packaged application: shifted traffic raises its alarm, which fires the schedule
     * (a DRIFT fire that trains and registers a version); after a crash (SIGKILL) and after a stop (SIGTERM) its
     * workflow is restored from the registry and checks again, and keeps its cool-down: no second alarm.
     */
    @Test
    void aDriftMonitorFiresItsScheduleAndKeepsItsCoolDownAcrossCrashAndStop() throws Exception {
        byte[] iris = Files.readAllBytes(Path.of("../api/src/test/resources/datasets/iris.csv"));
        String[] args = {"-Dhone.limits.schedule-min-interval-seconds=2"};
        String dataset = "iris-monitored-" + System.nanoTime();
        String model = dataset + "-model";
        try (HoneProcess hone = new HoneProcess(workDir, args)) {
            hone.start();
            assertThat(hone.upload(ADMIN, PASSWORD, dataset, iris).statusCode()).isEqualTo(201);
            Map<String, Object> run = Map.of("dataset", dataset, "target", "species", "modelName", model, "training",
                    Map.of("maxEpochs", 2));
            long first = HoneProcess.ok(hone.graphql(ADMIN, PASSWORD, "mutation($run: StartRunInput!) { startRun("
                    + "input: $run) { id } }", Map.of("run", run))).path("data").path("startRun").path("id").asLong();
            hone.awaitGraphql(ADMIN, PASSWORD, "query($id: ID!) { run(id: $id) { status } }", Map.of("id", first),
                    r -> "SUCCEEDED".equals(r.path("data").path("run").path("status").asText()), Duration.ofMinutes(3));
            HoneProcess.ok(hone.graphql(ADMIN, PASSWORD, "mutation($m: String!) { createDeployment(name: \"watched\", "
                    + "model: $m, version: 1) { name } }", Map.of("m", model)));
            HoneProcess.ok(hone.graphql(ADMIN, PASSWORD, "mutation($run: StartRunInput!) { createSchedule(name: "
                    + "\"on-drift\", run: $run, when: {cron: \"0 2 1 1 *\"}) { status } }", Map.of("run", run)));
            HoneProcess.ok(hone.graphql(ADMIN, PASSWORD, "mutation { createDriftMonitor(deployment: \"watched\", "
                    + "monitor: {schedule: \"on-drift\", windowSeconds: 900, checkSeconds: 2, minRows: 100, "
                    + "debounceChecks: 1, cooldownSeconds: 3600}) { status } }", Map.of()));
            List<String> lines = Files.readAllLines(Path.of("../api/src/test/resources/datasets/iris.csv"));
            StringBuilder rows = new StringBuilder("{\"rows\": [");
            for (int i = 1; i < lines.size(); i++) {
                String[] c = lines.get(i).split(",");
                rows.append(i > 1 ? "," : "").append(String.format("{\"sepal_length\": \"%s\", \"sepal_width\": "
                        + "\"%s\", \"petal_length\": \"50\", \"petal_width\": \"%s\"}", c[0], c[1], c[3]));
            }
            byte[] shifted = rows.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(hone.post("/api/deployments/watched/predict", HoneProcess.basic(ADMIN, PASSWORD),
                    "application/json", shifted).statusCode()).isEqualTo(200);
            JsonNode fired = hone.awaitGraphql(ADMIN, PASSWORD, DRIFT_FIRES, Map.of(), s -> driftFires(s).size() == 1
                    && driftFires(s).getFirst().path("runId").asLong() > 0, Duration.ofSeconds(60));
            long runId = driftFires(fired).getFirst().path("runId").asLong();
            JsonNode retrained = hone.awaitGraphql(ADMIN, PASSWORD, "query($id: ID!) { run(id: $id) { status "
                    + "modelVersion { version } scheduledBy { cause } } }", Map.of("id", runId),
                    r -> List.of("SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED")
                            .contains(r.path("data").path("run").path("status").asText()), Duration.ofMinutes(3))
                    .path("data").path("run");
            assertThat(retrained.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(retrained.path("scheduledBy").path("cause").asText()).isEqualTo("DRIFT");
            assertThat(retrained.path("modelVersion").path("version").asInt()).isEqualTo(2);
            hone.kill();
        }
        for (boolean crash : new boolean[] {false, true}) {
            Instant restarted = Instant.now();
            try (HoneProcess hone = new HoneProcess(workDir, args)) {
                hone.start();
                // The shifted rows are still in the window: the restored monitor breaches again, in its cool-down.
                JsonNode cooled = hone.awaitGraphql(ADMIN, PASSWORD, MONITOR, Map.of(), m -> {
                    JsonNode c = m.path("data").path("driftMonitor").path("checks").path(0);
                    return !c.isMissingNode() && Instant.parse(c.path("checkedAt").asText()).isAfter(restarted)
                            && c.path("note").asText().contains("cool-down");
                }, Duration.ofSeconds(60));
                assertThat(cooled.path("data").path("driftMonitor").path("status").asText()).isEqualTo("ACTIVE");
                assertThat(driftFires(HoneProcess.ok(hone.graphql(ADMIN, PASSWORD, DRIFT_FIRES, Map.of()))))
                        .as("no second alarm inside the cool-down").hasSize(1);
                if (crash) {
                    HoneProcess.ok(hone.graphql(ADMIN, PASSWORD, "mutation { deleteDriftMonitor(deployment: "
                            + "\"watched\") }", Map.of()));
                    hone.kill();
                } else {
                    hone.stop();
                }
            }
        }
    }

    private static final String DRIFT_FIRES = "query { schedule(name: \"on-drift\") { fires { cause outcome runId "
            + "driftCheckId } } }";
    private static final String MONITOR = "query { driftMonitor(deployment: \"watched\") { status lastAlarmAt "
            + "checks(limit: 1) { checkedAt verdict note } } }";

    private static List<JsonNode> driftFires(JsonNode schedule) {
        return fires(schedule).stream().filter(f -> "DRIFT".equals(f.path("cause").asText())).toList();
    }

    private static JsonNode awaitSchedule(HoneProcess hone, Predicate<JsonNode> done, Duration timeout)
            throws Exception {
        return hone.awaitGraphql(ADMIN, PASSWORD, SCHEDULE, Map.of(), done, timeout);
    }

    private static List<JsonNode> fires(JsonNode schedule) {
        List<JsonNode> out = new ArrayList<>();
        schedule.path("data").path("schedule").path("fires").forEach(out::add);
        return out;
    }

    private static List<JsonNode> started(JsonNode schedule) {
        return fires(schedule).stream().filter(f -> "STARTED".equals(f.path("outcome").asText())).toList();
    }
}
