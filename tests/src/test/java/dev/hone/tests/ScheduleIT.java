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
 * and fires again.
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
