package dev.hone.api;

import static dev.hone.api.Api.ADMIN;
import static dev.hone.api.Api.APPROVER;
import static dev.hone.api.Api.CONSUMER;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A drift monitor over the API, on real served traffic: iris rows like the training rows are within the passport's
 * baselines; rows whose petal length is far beyond anything trained on breach, and after the monitor's run of
 * breaches the alarm fires the retraining schedule (a DRIFT fire naming the check), whose run passes its gate and
 * ends in a canary on the deployment; the check holds the evidence (column, PSI, both histograms). Bad monitors and
 * callers are refused naming the problem.
 */
@QuarkusTest
class DriftMonitorTest {

    private static final String MONITOR = "query($d: String!) { driftMonitor(deployment: $d) { status breaches "
            + "lastAlarmAt checks(limit: 1) { id verdict summary rows maxInputPsi maxInputColumn outputPsi alarm note } "
            + "} }";

    @Test
    void aShiftInServedInputsFiresTheMonitorAndItsRetrainingEndsInACanary() throws Exception {
        Api.ensureUsers();
        String dataset = Api.unique("iris-monitored");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        String model = Api.unique("monitored");
        // A model that has learnt iris (fixed seed): a barely trained one answers rows like its training rows
        // in other proportions than its passport saw, depending on its random start.
        Map<String, Object> run = Map.of("dataset", dataset, "target", "species", "modelName", model, "seed", 7,
                "training", Map.of("maxEpochs", 100, "patience", 100));
        long first = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", run)).getLong("data.startRun.id");
        assertThat(Api.awaitRun(first, Api::isFinal, Duration.ofMinutes(3)).get("status")).isEqualTo("SUCCEEDED");
        String deployment = Api.unique("watched");
        assertThat(errorCode(graphql(APPROVER, "mutation($d: String!, $m: String!) { createDeployment(name: $d, "
                + "model: $m, version: 1) { name } }", Map.of("d", deployment, "m", model)))).isNull();
        String schedule = Api.unique("on-drift");
        JsonPath made = graphql(ADMIN, "mutation($n: String!, $run: StartRunInput!, $d: String) { createSchedule("
                + "name: $n, run: $run, when: {cron: \"0 2 1 1 *\"}, deployment: $d) { name } }",
                Map.of("n", schedule, "run", run, "d", deployment));
        assertThat(errorCode(made)).as(made.prettify()).isNull();
        try {
            refusals(deployment, schedule);
            String create = "mutation($d: String!, $m: DriftMonitorInput!) { createDriftMonitor(deployment: $d, "
                    + "monitor: $m) { deployment schedule status windowSeconds checkSeconds debounceChecks "
                    + "maxInputPsi } }";
            // Checks every hour by itself: the test asks for each check, so that it knows what each one saw.
            JsonPath created = graphql(SCIENTIST, create, Map.of("d", deployment, "m", Map.of("schedule", schedule,
                    "windowSeconds", 600, "checkSeconds", 3600, "minRows", 100, "debounceChecks", 2,
                    "cooldownSeconds", 3600)));
            assertThat(errorCode(created)).as(created.prettify()).isNull();
            assertThat(created.getString("data.createDriftMonitor.schedule")).isEqualTo(schedule);
            assertThat(created.getDouble("data.createDriftMonitor.maxInputPsi")).as("the default").isEqualTo(0.25);
            assertThat(errorMessage(graphql(SCIENTIST, create, Map.of("d", deployment, "m", Map.of("schedule",
                    schedule))))).contains("has a drift monitor already");

            List<Map<String, String>> iris = Api.irisRows();
            predict(deployment, iris.subList(0, 75));
            predict(deployment, iris.subList(75, 150));
            Map<String, Object> within = checkUntil(deployment, c -> ((Number) c.get("rows")).longValue() >= 150
                    && !"INCONCLUSIVE".equals(c.get("verdict")));
            assertThat(within.get("verdict")).as(within.toString()).isEqualTo("WITHIN");
            assertThat(((Number) within.get("maxInputPsi")).doubleValue()).isLessThan(0.25);

            List<Map<String, String>> shifted = iris.stream().map(row -> {
                Map<String, String> moved = new HashMap<>(row);
                moved.put("petal_length", "50");
                return moved;
            }).toList();
            for (int pass = 0; pass < 2; pass++) {
                predict(deployment, shifted.subList(0, 75));
                predict(deployment, shifted.subList(75, 150));
            }
            Map<String, Object> breach = checkUntil(deployment, c -> "BREACHED".equals(c.get("verdict")));
            assertThat(breach.get("maxInputColumn")).isEqualTo("petal_length");
            assertThat((String) breach.get("summary")).contains("column 'petal_length' PSI");
            assertThat(breach.get("alarm")).as("one breach is not yet the two in a row asked for").isEqualTo(false);
            Map<String, Object> alarm = checkUntil(deployment, c -> !c.get("id").equals(breach.get("id")));
            assertThat(alarm.get("verdict")).isEqualTo("BREACHED");
            assertThat(alarm.get("alarm")).as(alarm.toString()).isEqualTo(true);
            assertThat((String) alarm.get("note")).contains("2 checks in a row breached: retraining asked");
            long alarmCheck = Long.parseLong(String.valueOf(alarm.get("id")));

            JsonPath evidence = graphql(VIEWER, "query($id: ID!) { driftCheck(id: $id) { verdict inputs { column psi "
                    + "numeric edges reference current } output { column psi } } }", Map.of("id", alarmCheck));
            List<Map<String, Object>> inputs = evidence.getList("data.driftCheck.inputs");
            assertThat(inputs).hasSize(4);
            Map<String, Object> petal = inputs.stream().filter(i -> i.get("column").equals("petal_length"))
                    .findFirst().orElseThrow();
            assertThat(((Number) petal.get("psi")).doubleValue()).isGreaterThan(0.25);
            assertThat((List<?>) petal.get("current")).hasSameSizeAs((List<?>) petal.get("reference"));
            assertThat((List<?>) petal.get("reference")).hasSize(((List<?>) petal.get("edges")).size() + 2);

            String fires = "query($n: String!) { schedule(name: $n) { fires { cause outcome runId driftCheckId "
                    + "rolloutId followUp } } }";
            JsonPath fired = await(() -> graphql(VIEWER, fires, Map.of("n", schedule)),
                    s -> s.getString("data.schedule.fires[0].followUp") != null, Duration.ofMinutes(3));
            Map<String, Object> fire = fired.getMap("data.schedule.fires[0]");
            assertThat(fire.get("cause")).as(fired.prettify()).isEqualTo("DRIFT");
            assertThat(((Number) fire.get("driftCheckId")).longValue()).isEqualTo(alarmCheck);
            assertThat((String) fire.get("followUp")).as("the retrained version passed its gate")
                    .contains("version 2 started on '" + deployment + "'");
            JsonPath lineage = graphql(VIEWER, "query($id: ID!) { run(id: $id) { status scheduledBy { schedule cause "
                    + "} } }", Map.of("id", fire.get("runId")));
            assertThat(lineage.getString("data.run.scheduledBy.cause")).isEqualTo("DRIFT");
            assertThat(lineage.getString("data.run.scheduledBy.schedule")).isEqualTo(schedule);
            assertThat(errorCode(graphql(APPROVER, "mutation($id: ID!) { abortRollout(id: $id, reason: \"test over\") "
                    + "{ status } }", Map.of("id", fire.get("rolloutId"))))).isNull();
        } finally {
            graphql(SCIENTIST, "mutation($d: String!) { deleteDriftMonitor(deployment: $d) }", Map.of("d", deployment));
            graphql(SCIENTIST, "mutation($n: String!) { deleteSchedule(name: $n) }", Map.of("n", schedule));
        }
        assertThat(graphql(VIEWER, MONITOR, Map.of("d", deployment)).getString("data.driftMonitor")).isNull();
    }

    private static void refusals(String deployment, String schedule) {
        String create = "mutation($d: String!, $m: DriftMonitorInput!) { createDriftMonitor(deployment: $d, monitor: "
                + "$m) { status } }";
        assertThat(errorCode(graphql(VIEWER, create, Map.of("d", deployment, "m", Map.of("schedule", schedule)))))
                .isEqualTo("FORBIDDEN");
        JsonPath unknown = graphql(SCIENTIST, create, Map.of("d", "no-such-deployment", "m", Map.of("schedule",
                schedule)));
        assertThat(errorCode(unknown)).isEqualTo("NOT_FOUND");
        assertThat(errorMessage(unknown)).contains("Deployment 'no-such-deployment' does not exist");
        assertThat(errorMessage(graphql(SCIENTIST, create, Map.of("d", deployment, "m", Map.of("schedule",
                "no-such-schedule"))))).contains("Schedule 'no-such-schedule' does not exist");
        assertThat(errorMessage(graphql(SCIENTIST, create, Map.of("d", deployment, "m", Map.of())))).contains(
                "names the schedule");
        JsonPath fast = graphql(SCIENTIST, create, Map.of("d", deployment, "m", Map.of("schedule", schedule,
                "checkSeconds", 1)));
        assertThat(errorCode(fast)).isEqualTo("INVALID_INPUT");
        assertThat(errorMessage(fast)).contains("checkSeconds 1");
        assertThat(errorMessage(graphql(SCIENTIST, create, Map.of("d", deployment, "m", Map.of("schedule", schedule,
                "maxInputPsi", -1))))).contains("PSI thresholds are positive");
        assertThat(errorMessage(graphql(SCIENTIST, create, Map.of("d", deployment, "m", Map.of("schedule", schedule,
                "debounceChecks", 0))))).contains("debounceChecks is 1 to 1000");
        assertThat(errorCode(graphql(SCIENTIST, "mutation { checkDriftMonitor(deployment: \"no-such-deployment\") "
                + "{ status } }", Map.of()))).isEqualTo("NOT_FOUND");
        assertThat(graphql(VIEWER, MONITOR, Map.of("d", deployment)).getString("data.driftMonitor"))
                .as("nothing kept of the refused ones").isNull();
    }

    private static void predict(String deployment, List<Map<String, String>> rows) throws InterruptedException {
        Response r = Api.as(CONSUMER).contentType("application/json").body(Map.of("rows", rows))
                .post("/api/deployments/" + deployment + "/predict");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        Thread.sleep(250); // the test profile's prediction rate limit
    }

    /**
     * Asks for checks until the newest satisfies {@code done} (serving writes its windows every 2 s, so a check right
     * after the traffic may not see it yet); returns that check.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> checkUntil(String deployment, Predicate<Map<String, Object>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> newest = null;
        while (System.nanoTime() < deadline) {
            JsonPath asked = graphql(SCIENTIST, "mutation($d: String!) { checkDriftMonitor(deployment: $d) { status } }",
                    Map.of("d", deployment));
            assertThat(errorCode(asked)).as(asked.prettify()).isNull();
            Thread.sleep(1000);
            List<Map<String, Object>> checks = graphql(VIEWER, MONITOR, Map.of("d", deployment))
                    .getList("data.driftMonitor.checks");
            newest = checks.isEmpty() ? null : checks.getFirst();
            if (newest != null && done.test(newest)) {
                return newest;
            }
        }
        throw new AssertionError("no such check in 30 s; newest: " + newest);
    }

    private static JsonPath await(java.util.function.Supplier<JsonPath> read, Predicate<JsonPath> done,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonPath last;
        do {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not there in " + timeout + ": " + last.prettify());
    }
}
