package dev.hone.api;

import static dev.hone.api.Api.ADMIN;
import static dev.hone.api.Api.APPROVER;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retraining schedules over the API: a schedule fires on its interval and its fire starts a real run, recorded
 * with it; fires while that run is in flight are skipped and say why; pause stops the fires, trigger starts one
 * while paused, update changes the times, delete ends it and frees its name; cron times are read in their zone;
 * and every bad spec, run request or caller is refused naming the problem.
 */
@QuarkusTest
class ScheduleTest {

    private static final String CREATE = "mutation($n: String!, $run: StartRunInput!, $when: ScheduleInput!) { "
            + "createSchedule(name: $n, run: $run, when: $when) { id name status cron intervalSeconds zone overlap "
            + "catchUp dataset target nextFireTimes(count: 5) } }";
    private static final String SCHEDULE = "query($n: String!) { schedule(name: $n) { status nextFireAt lastFireAt "
            + "nextFireTimes fires(limit: 100) { fireTime cause outcome runId reason rolloutId followUp } } }";

    private static String dataset;
    /** Schedules a test made: deleted after it, so that a failed test leaves nothing firing into later ones. */
    private final List<String> made = new ArrayList<>();

    @AfterEach
    void deleteWhatWasMade() {
        for (String name : made) {
            graphql(SCIENTIST, "mutation($n: String!) { deleteSchedule(name: $n) }", Map.of("n", name));
        }
    }

    @BeforeEach
    void setUp() {
        Api.ensureUsers();
        if (dataset == null) {
            dataset = Api.unique("iris-scheduled");
            assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        }
    }

    private static Map<String, Object> run() {
        return Map.of("dataset", dataset, "target", "species", "modelName", Api.unique("scheduled"),
                "training", Map.of("maxEpochs", 2));
    }

    private JsonPath create(String user, String name, Map<String, Object> run, Map<String, Object> when) {
        made.add(name);
        return graphql(user, CREATE, Map.of("n", name, "run", run, "when", when));
    }

    private static JsonPath awaitSchedule(String name, Predicate<JsonPath> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonPath last;
        do {
            last = graphql(VIEWER, SCHEDULE, Map.of("n", name));
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("schedule " + name + " did not get there: " + last.prettify());
    }

    private static List<Map<String, Object>> fires(JsonPath s) {
        return s.getList("data.schedule.fires");
    }

    @Test
    void aScheduleFiresRealRunsAndPauseTriggerUpdateAndDeleteTakeEffect() throws Exception {
        String name = Api.unique("nightly");
        // Runs of several seconds (one row per step, 15,000 steps and the refit's), so that fires every 2 s find
        // one in flight: 40 epochs (4,000 steps) became too short for that once training got faster (issue 20).
        Map<String, Object> slow = new HashMap<>(run());
        slow.put("training", Map.of("maxEpochs", 150, "patience", 150, "batchSize", 1));
        JsonPath made = create(SCIENTIST, name, slow, Map.of("intervalSeconds", 2));
        assertThat(errorCode(made)).as(made.prettify()).isNull();
        assertThat(made.getString("data.createSchedule.status")).isEqualTo("ACTIVE");
        assertThat(made.getString("data.createSchedule.overlap")).isEqualTo("SKIP");
        List<String> next = made.getList("data.createSchedule.nextFireTimes");
        assertThat(next).hasSize(5);
        assertThat(Duration.between(Instant.parse(next.get(0)), Instant.parse(next.get(1)))).hasSeconds(2);

        JsonPath fired = awaitSchedule(name, s -> fires(s).stream().anyMatch(f -> "STARTED".equals(f.get("outcome"))),
                Duration.ofSeconds(30));
        Map<String, Object> first = fires(fired).stream().filter(f -> "STARTED".equals(f.get("outcome")))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(first.get("cause")).isEqualTo("SCHEDULE");
        long runId = ((Number) first.get("runId")).longValue();
        Map<String, Object> ended = Api.awaitRun(runId, Api::isFinal, Duration.ofMinutes(3));
        assertThat(ended.get("status")).as("the schedule's run").isEqualTo("SUCCEEDED");
        JsonPath afterRun = awaitSchedule(name, s -> fires(s).stream().filter(f -> "STARTED".equals(f.get("outcome")))
                .count() >= 2, Duration.ofSeconds(30));
        assertThat(fires(afterRun)).as("fires while the run was in flight are skipped, saying why")
                .anySatisfy(f -> {
                    assertThat(f.get("outcome")).isEqualTo("SKIPPED");
                    assertThat((String) f.get("reason")).contains("Run " + runId + " was still in flight");
                });

        JsonPath paused = graphql(SCIENTIST, "mutation($n: String!) { pauseSchedule(name: $n) { status } }",
                Map.of("n", name));
        assertThat(paused.getString("data.pauseSchedule.status")).isEqualTo("PAUSED");
        Thread.sleep(1000); // a fire under way when the pause arrived is recorded by now
        int firesWhenPaused = fires(graphql(VIEWER, SCHEDULE, Map.of("n", name))).size();
        Thread.sleep(7000);
        JsonPath still = graphql(VIEWER, SCHEDULE, Map.of("n", name));
        assertThat(fires(still)).as("no fire while paused").hasSize(firesWhenPaused);
        assertThat(still.getList("data.schedule.nextFireTimes")).isEmpty();

        // Once the runs in flight have ended, a trigger starts one though the schedule is paused.
        for (Map<String, Object> f : fires(still)) {
            if (f.get("runId") != null) {
                Api.awaitRun(((Number) f.get("runId")).longValue(), Api::isFinal, Duration.ofMinutes(3));
            }
        }
        assertThat(errorCode(graphql(SCIENTIST, "mutation($n: String!) { triggerSchedule(name: $n) { name } }",
                Map.of("n", name)))).isNull();
        JsonPath triggered = awaitSchedule(name, s -> fires(s).stream().anyMatch(f -> "TRIGGER".equals(f.get("cause"))
                && "STARTED".equals(f.get("outcome"))), Duration.ofSeconds(30));
        assertThat(fires(triggered).getFirst().get("cause")).isEqualTo("TRIGGER");

        JsonPath updated = graphql(SCIENTIST, "mutation($n: String!) { updateSchedule(name: $n, when: {cron: "
                + "\"0 2 * * *\", zone: \"Europe/Berlin\"}) { cron zone intervalSeconds nextFireTimes(count: 3) } }",
                Map.of("n", name));
        assertThat(errorCode(updated)).as(updated.prettify()).isNull();
        assertThat(updated.getString("data.updateSchedule.cron")).isEqualTo("0 2 * * *");
        assertThat(errorCode(graphql(SCIENTIST, "mutation($n: String!) { resumeSchedule(name: $n) { status } }",
                Map.of("n", name)))).isNull();
        JsonPath resumed = awaitSchedule(name, s -> s.getString("data.schedule.nextFireAt") != null,
                Duration.ofSeconds(15));
        ZonedDateTime nextAt = Instant.parse(resumed.getString("data.schedule.nextFireAt"))
                .atZone(ZoneId.of("Europe/Berlin"));
        assertThat(nextAt.getHour()).as("the workflow took the new times").isEqualTo(2);
        assertThat(nextAt.getMinute()).isZero();

        assertThat(graphql(SCIENTIST, "mutation($n: String!) { deleteSchedule(name: $n) }", Map.of("n", name))
                .getBoolean("data.deleteSchedule")).isTrue();
        assertThat(errorCode(graphql(VIEWER, SCHEDULE, Map.of("n", name)))).isEqualTo("NOT_FOUND");
        JsonPath again = create(SCIENTIST, name, run(), Map.of("cron", "0 3 * * *"));
        assertThat(errorCode(again)).as("a deleted schedule's name is free").isNull();
        assertThat(graphql(SCIENTIST, "mutation($n: String!) { deleteSchedule(name: $n) }", Map.of("n", name))
                .getBoolean("data.deleteSchedule")).isTrue();
    }

    /**
     * A schedule with a deployment: a run whose new version passes its gate ends in a canary rollout of it on the
     * deployment; a run whose version fails its gate (an accuracy floor of 1) leaves the deployment as it was.
     */
    @Test
    void aRunThatPassesItsGateEndsInACanaryAndOneThatFailsLeavesProductionAlone() throws Exception {
        String model = Api.unique("canaried");
        long first = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }", Map.of("in",
                Map.of("dataset", dataset, "target", "species", "modelName", model, "training",
                        Map.of("maxEpochs", 2)))).getLong("data.startRun.id");
        assertThat(Api.awaitRun(first, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");
        String deployment = Api.unique("retrained");
        assertThat(errorCode(graphql(APPROVER, "mutation($d: String!, $m: String!) { createDeployment(name: $d, "
                + "model: $m, version: 1) { name } }", Map.of("d", deployment, "m", model)))).isNull();

        Map<String, Object> run = Map.of("dataset", dataset, "target", "species", "modelName", model, "training",
                Map.of("maxEpochs", 2));
        String name = Api.unique("retraining");
        made.add(name);
        JsonPath wrongModel = graphql(ADMIN, "mutation($n: String!, $run: StartRunInput!, $d: String) { "
                + "createSchedule(name: $n, run: $run, when: {cron: \"0 2 * * *\"}, deployment: $d) { name } }",
                Map.of("n", name, "run", run(), "d", deployment));
        assertThat(errorMessage(wrongModel)).contains("Deployment '" + deployment + "' serves model '" + model + "'");
        String withDeployment = "mutation($n: String!, $run: StartRunInput!, $d: String) { createSchedule(name: $n, "
                + "run: $run, when: {cron: \"0 2 * * *\"}, deployment: $d) { deployment } }";
        JsonPath notAllowed = graphql(SCIENTIST, withDeployment, Map.of("n", name, "run", run, "d", deployment));
        assertThat(errorCode(notAllowed)).as("rollouts need DEPLOY besides RUN").isEqualTo("FORBIDDEN");
        JsonPath created = graphql(ADMIN, withDeployment, Map.of("n", name, "run", run, "d", deployment));
        assertThat(created.getString("data.createSchedule.deployment")).as(created.prettify()).isEqualTo(deployment);

        graphql(SCIENTIST, "mutation($n: String!) { triggerSchedule(name: $n) { name } }", Map.of("n", name));
        JsonPath followed = awaitSchedule(name, s -> fires(s).stream().anyMatch(f -> f.get("followUp") != null),
                Duration.ofMinutes(3));
        String followUp = (String) fires(followed).getFirst().get("followUp");
        assertThat(followUp).as(followed.prettify()).contains("version 2 started on '" + deployment + "'");
        JsonPath rollouts = graphql(VIEWER, "query($d: String!) { rollouts(deployment: $d) { id status canaryVersion "
                + "stableVersion } }", Map.of("d", deployment));
        assertThat(rollouts.getInt("data.rollouts[0].canaryVersion")).isEqualTo(2);
        assertThat(rollouts.getString("data.rollouts[0].status")).isEqualTo("RUNNING");
        assertThat(errorCode(graphql(APPROVER, "mutation($id: ID!) { abortRollout(id: $id, reason: \"test over\") "
                + "{ status } }", Map.of("id", rollouts.getLong("data.rollouts[0].id"))))).isNull();

        Map<String, Object> strict = new HashMap<>(run);
        strict.put("validation", Map.of("metricLimits", List.of(Map.of("metric", "accuracy", "limit", 1.0))));
        assertThat(errorCode(graphql(SCIENTIST, "mutation($n: String!, $run: StartRunInput!) { updateSchedule(name: "
                + "$n, run: $run) { name } }", Map.of("n", name, "run", strict)))).isNull();
        awaitSchedule(name, s -> graphql(VIEWER, "query($d: String!) { rollouts(deployment: $d) { status } }",
                Map.of("d", deployment)).getString("data.rollouts[0].status").equals("ABORTED"), Duration.ofSeconds(30));
        graphql(SCIENTIST, "mutation($n: String!) { triggerSchedule(name: $n) { name } }", Map.of("n", name));
        JsonPath refused = awaitSchedule(name, s -> fires(s).stream().filter(f -> f.get("followUp") != null).count()
                >= 2, Duration.ofMinutes(3));
        assertThat((String) fires(refused).getFirst().get("followUp")).as(refused.prettify())
                .startsWith("No rollout on '" + deployment + "'").contains("REJECTED");
        JsonPath untouched = graphql(VIEWER, "query($d: String!) { deployment(name: $d) { stable { version } canary "
                + "{ version } } rollouts(deployment: $d) { id } }", Map.of("d", deployment));
        assertThat(untouched.getInt("data.deployment.stable.version")).isEqualTo(1);
        assertThat(untouched.getString("data.deployment.canary")).isNull();
        assertThat(untouched.getList("data.rollouts")).as("no second rollout").hasSize(1);
    }

    @Test
    void aNewDataSetVersionFiresTheSchedulesThatAskForItOncePerInterval() throws Exception {
        String data = Api.unique("iris-growing");
        assertThat(Api.upload(SCIENTIST, data, Api.iris()).statusCode()).isEqualTo(201);
        Map<String, Object> latest = Map.of("dataset", data, "target", "species", "modelName", Api.unique("fresh"),
                "training", Map.of("maxEpochs", 2));
        String onData = Api.unique("on-new-data");
        JsonPath made = create(SCIENTIST, onData, latest, Map.of("cron", "0 2 1 1 *", "newDataMinIntervalSeconds",
                3600));
        assertThat(errorCode(made)).as(made.prettify()).isNull();
        String timeOnly = Api.unique("time-only");
        assertThat(errorCode(create(SCIENTIST, timeOnly, latest, Map.of("cron", "0 2 1 1 *")))).isNull();

        Map<String, Object> pinned = new HashMap<>(latest);
        pinned.put("datasetVersion", 1);
        JsonPath refused = create(SCIENTIST, Api.unique("pinned"), pinned, Map.of("cron", "0 2 1 1 *",
                "newDataMinIntervalSeconds", 60));
        assertThat(errorCode(refused)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(refused)).contains("leave out the run's datasetVersion");
        assertThat(errorMessage(create(SCIENTIST, Api.unique("negative"), latest, Map.of("cron", "0 2 1 1 *",
                "newDataMinIntervalSeconds", -1)))).contains("newDataMinIntervalSeconds must be 0 to");

        // Version 2: iris without its last row.
        String csv = new String(Api.iris(), java.nio.charset.StandardCharsets.UTF_8).strip();
        byte[] shorter = csv.substring(0, csv.lastIndexOf('\n')).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        io.restassured.response.Response second = Api.upload(SCIENTIST, data, shorter);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.jsonPath().getInt("version")).isEqualTo(2);
        assertThat(second.jsonPath().getList("schedulesFired", String.class)).containsExactly(onData);
        JsonPath fired = awaitSchedule(onData, x -> fires(x).stream().anyMatch(f -> f.get("runId") != null),
                Duration.ofSeconds(30));
        Map<String, Object> fire = fires(fired).getFirst();
        assertThat(fire.get("cause")).isEqualTo("DATA");
        JsonPath run = graphql(VIEWER, "query($id: ID!) { run(id: $id) { datasetVersion { version } scheduledBy { "
                + "cause } } }", Map.of("id", fire.get("runId")));
        assertThat(run.getInt("data.run.datasetVersion.version")).as("the run trains on the new version").isEqualTo(2);
        assertThat(run.getString("data.run.scheduledBy.cause")).isEqualTo("DATA");

        // Version 3 within the hour: told, but it waits for the interval.
        byte[] shorterStill = csv.substring(0, csv.lastIndexOf('\n', csv.lastIndexOf('\n') - 1))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        io.restassured.response.Response third = Api.upload(SCIENTIST, data, shorterStill);
        assertThat(third.jsonPath().getList("schedulesFired", String.class)).containsExactly(onData);
        Thread.sleep(3000);
        assertThat(fires(graphql(VIEWER, SCHEDULE, Map.of("n", onData)))).hasSize(1);
        assertThat(fires(graphql(VIEWER, SCHEDULE, Map.of("n", timeOnly)))).as("a schedule that did not ask").isEmpty();
        assertThat(graphql(VIEWER, "query($n: String!) { schedule(name: $n) { newDataMinIntervalSeconds } }",
                Map.of("n", onData)).getLong("data.schedule.newDataMinIntervalSeconds")).isEqualTo(3600);
    }

    @Test
    void cronTimesAreReadInTheirZone() {
        String name = Api.unique("berlin");
        JsonPath made = create(SCIENTIST, name, run(), Map.of("cron", "30 6 * * 1-5", "zone", "Europe/Berlin",
                "overlap", "BUFFER_ONE", "catchUp", "RUN_ONCE"));
        assertThat(errorCode(made)).as(made.prettify()).isNull();
        List<String> next = made.getList("data.createSchedule.nextFireTimes");
        assertThat(next).hasSize(5).allSatisfy(t -> {
            ZonedDateTime local = Instant.parse(t).atZone(ZoneId.of("Europe/Berlin"));
            assertThat(local.getHour()).isEqualTo(6);
            assertThat(local.getMinute()).isEqualTo(30);
            assertThat(local.getDayOfWeek().getValue()).isLessThanOrEqualTo(5);
        });
        assertThat(graphql(SCIENTIST, "mutation($n: String!) { deleteSchedule(name: $n) }", Map.of("n", name))
                .getBoolean("data.deleteSchedule")).isTrue();
    }

    @Test
    void badSchedulesAndCallersAreRefusedNamingTheProblem() {
        Map<Map<String, Object>, String> whens = new java.util.LinkedHashMap<>();
        whens.put(Map.of("cron", "0 2 * *"), "Cron expression '0 2 * *' is not valid");
        whens.put(Map.of("cron", "0 0 30 2 *"), "never fires");
        whens.put(Map.of("cron", "0 2 * * *", "zone", "Mars/Olympus"), "Unknown time zone 'Mars/Olympus'");
        whens.put(Map.of("cron", "0 2 * * *", "intervalSeconds", 60), "not both");
        whens.put(Map.of("zone", "UTC"), "not neither");
        whens.put(Map.of("intervalSeconds", 1), "intervalSeconds must be 2 to");
        for (var e : whens.entrySet()) {
            JsonPath r = create(SCIENTIST, Api.unique("bad"), run(), e.getKey());
            assertThat(errorCode(r)).as(e.getKey().toString()).isEqualTo("INVALID_INPUT");
            assertThat(errorMessage(r)).contains(e.getValue());
        }
        Map<String, Object> noData = new HashMap<>(run());
        noData.put("dataset", "no-such-data");
        JsonPath missing = create(SCIENTIST, Api.unique("bad"), noData, Map.of("cron", "0 2 * * *"));
        assertThat(errorCode(missing)).isEqualTo("NOT_FOUND");
        Map<String, Object> noColumn = new HashMap<>(run());
        noColumn.put("target", "petal_colour");
        JsonPath column = create(SCIENTIST, Api.unique("bad"), noColumn, Map.of("cron", "0 2 * * *"));
        assertThat(errorCode(column)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(column)).contains("petal_colour");
        assertThat(errorCode(create(SCIENTIST, "no spaces allowed", run(), Map.of("cron", "0 2 * * *"))))
                .isEqualTo("INVALID_INPUT");

        assertThat(errorCode(create(VIEWER, Api.unique("bad"), run(), Map.of("cron", "0 2 * * *"))))
                .isEqualTo("FORBIDDEN");
        assertThat(errorCode(create(APPROVER, Api.unique("bad"), run(), Map.of("cron", "0 2 * * *"))))
                .isEqualTo("FORBIDDEN");
        String name = Api.unique("taken");
        assertThat(errorCode(create(SCIENTIST, name, run(), Map.of("cron", "0 2 * * *")))).isNull();
        JsonPath twice = create(SCIENTIST, name, run(), Map.of("cron", "0 4 * * *"));
        assertThat(errorMessage(twice)).contains("A schedule named '" + name + "' exists already");
        assertThat(errorCode(graphql(VIEWER, "mutation($n: String!) { pauseSchedule(name: $n) { status } }",
                Map.of("n", name)))).isEqualTo("FORBIDDEN");
        assertThat(errorCode(graphql(SCIENTIST, "mutation { pauseSchedule(name: \"no-such-schedule\") { status } }",
                Map.of()))).isEqualTo("NOT_FOUND");
        assertThat(graphql(SCIENTIST, "mutation($n: String!) { deleteSchedule(name: $n) }", Map.of("n", name))
                .getBoolean("data.deleteSchedule")).isTrue();
    }
}
