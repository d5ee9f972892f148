package dev.hone.api;

import static dev.hone.api.Api.ADMIN;
import static dev.hone.api.Api.APPROVER;
import static dev.hone.api.Api.CONSUMER;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.errorMessage;
import static dev.hone.api.Api.graphql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deployments over the API: who may change them, what each request is answered by (and that the
 * answer says so, over REST and the Open Inference Protocol), sticky callers, promotion, removal,
 * the shadow version's copy, and refusals that name the problem.
 */
@QuarkusTest
class DeploymentTest {

    private static final Map<String, String> FLOWER = Map.of("sepal_length", "6.1", "sepal_width", "2.8",
            "petal_length", "4.7", "petal_width", "1.2");
    private static final String DEPLOYMENT = "mutation($d: String!, $m: String!, $v: Int!) { createDeployment("
            + "name: $d, model: $m, version: $v) { name model stable { version } canary { version } } }";
    private static final String CANARY = "mutation($d: String!, $v: Int!, $p: Float!, $s: Boolean!) { setCanary("
            + "deployment: $d, version: $v, percent: $p, sticky: $s) { canary { version } canaryPercent sticky } }";

    private static String model;

    @BeforeEach
    void setUp() throws Exception {
        Api.ensureUsers();
        if (model == null) {
            String name = Api.trainedIrisModel("deployed", 3);
            JsonPath rejected = graphql(APPROVER, "mutation($m: String!) { rejectModelVersion(model: $m, version: 3, "
                    + "comment: \"not this one\") { approvalStatus } }", Map.of("m", name));
            assertThat(errorCode(rejected)).isNull();
            model = name;
        }
    }

    @Test
    void aDeploymentAnswersByItsSharesAndEveryAnswerNamesItsVersionAndRole() throws Exception {
        String name = Api.unique("flowers");
        assertThat(errorCode(graphql(SCIENTIST, DEPLOYMENT, Map.of("d", name, "m", model, "v", 1))))
                .as("a data scientist may not deploy").isEqualTo("FORBIDDEN");
        JsonPath created = graphql(APPROVER, DEPLOYMENT, Map.of("d", name, "m", model, "v", 1));
        assertThat(errorCode(created)).isNull();
        assertThat(created.getInt("data.createDeployment.stable.version")).isEqualTo(1);

        assertAnswers(name, 1, "stable");
        assertThat(errorCode(graphql(APPROVER, CANARY, Map.of("d", name, "v", 2, "p", 100.0, "s", false)))).isNull();
        awaitAnswer(name, 2, "canary");

        // Sticky at 50%: each caller keeps one version, call after call.
        assertThat(errorCode(graphql(APPROVER, CANARY, Map.of("d", name, "v", 2, "p", 50.0, "s", true)))).isNull();
        Thread.sleep(500);
        for (String caller : List.of(VIEWER, CONSUMER, SCIENTIST)) {
            int first = predict(caller, name).jsonPath().getInt("version");
            for (int i = 0; i < 3; i++) {
                assertThat(predict(caller, name).jsonPath().getInt("version")).as(caller).isEqualTo(first);
            }
        }

        // The Open Inference Protocol on a deployment's name goes through its routing too.
        assertThat(errorCode(graphql(APPROVER, CANARY, Map.of("d", name, "v", 2, "p", 100.0, "s", false)))).isNull();
        Thread.sleep(500);
        Response infer = Api.as(VIEWER).contentType("application/json").body("{\"inputs\": [{\"name\": \"x\", "
                + "\"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [6.1, 2.8, 4.7, 1.2]}]}")
                .post("/v2/models/" + name + "/infer");
        assertThat(infer.statusCode()).as(infer.asString()).isEqualTo(200);
        assertThat(infer.jsonPath().getString("model_name")).isEqualTo(name);
        assertThat(infer.jsonPath().getString("model_version")).isEqualTo("2");
        assertThat(infer.jsonPath().getString("parameters.role")).isEqualTo("canary");
        assertThat(infer.jsonPath().getList("outputs.name")).contains("label", "prediction_id");
        String predictionId = infer.jsonPath().getString("outputs.find { it.name == 'prediction_id' }.data[0]");
        String label = infer.jsonPath().getString("outputs.find { it.name == 'label' }.data[0]");
        Response feedback = Api.as(VIEWER).contentType("application/json").body(Map.of("feedback", List.of(
                Map.of("predictionId", predictionId, "label", label)))).post("/api/deployments/" + name + "/feedback");
        assertThat(feedback.jsonPath().getInt("counted")).as("an id given over the protocol takes feedback")
                .isEqualTo(1);

        JsonPath promoted = graphql(APPROVER, "mutation($d: String!) { promoteCanary(deployment: $d) { stable "
                + "{ version } canary { version } canaryPercent } }", Map.of("d", name));
        assertThat(promoted.getInt("data.promoteCanary.stable.version")).isEqualTo(2);
        assertThat(promoted.getString("data.promoteCanary.canary")).isNull();
        awaitAnswer(name, 2, "stable");

        assertThat(errorCode(graphql(APPROVER, CANARY, Map.of("d", name, "v", 1, "p", 100.0, "s", false)))).isNull();
        awaitAnswer(name, 1, "canary");
        assertThat(errorCode(graphql(APPROVER, "mutation($d: String!) { removeCanary(deployment: $d) { name } }",
                Map.of("d", name)))).isNull();
        awaitAnswer(name, 2, "stable");

        assertThat(errorCode(graphql(ADMIN, "mutation($d: String!) { deleteDeployment(name: $d) }",
                Map.of("d", name)))).isNull();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        Response gone;
        do {
            gone = predict(VIEWER, name);
        } while (gone.statusCode() == 200 && System.nanoTime() < deadline);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.jsonPath().getString("message")).contains("Deployment '" + name + "' does not exist");
    }

    @Test
    void theShadowGetsACopyAndAnswersNobody() throws Exception {
        String name = Api.unique("shadowed");
        assertThat(errorCode(graphql(APPROVER, DEPLOYMENT, Map.of("d", name, "m", model, "v", 1)))).isNull();
        assertThat(errorCode(graphql(APPROVER, "mutation($d: String!) { setShadow(deployment: $d, version: 2) "
                + "{ shadow { version } } }", Map.of("d", name)))).isNull();
        Thread.sleep(500);
        for (int i = 0; i < 3; i++) {
            assertAnswers(name, 1, "stable");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String metrics;
        do {
            metrics = given().auth().preemptive().basic(ADMIN, Api.password(ADMIN)).get("/q/metrics").asString();
        } while (!metrics.contains("hone_deployment_shadow_rows_total{deployment=\"" + name + "\",result=\"answered\","
                + "version=\"2\"} 3.0") && System.nanoTime() < deadline);
        assertThat(metrics).contains("hone_deployment_shadow_rows_total{deployment=\"" + name
                + "\",result=\"answered\",version=\"2\"} 3.0");
        assertThat(metrics).contains("hone_deployment_shadow_agreeing_rows_total{deployment=\"" + name);
        assertThat(metrics).contains("hone_deployment_requests_total{deployment=\"" + name + "\",outcome=\"ok\","
                + "role=\"stable\",version=\"1\"}");
    }

    /**
     * Served rows are counted in the bins of the version's passport: traffic like the training rows reads as
     * stable, and rows whose petal length is far beyond anything seen in training move the input gauge.
     */
    @Test
    void servedTrafficIsHeldAgainstThePassportInTheDriftGauges() throws Exception {
        String name = Api.unique("drifting");
        // A model that has learnt iris (fixed seed): a barely trained one answers rows like its training rows
        // in other proportions than its passport saw, depending on its random start.
        String learnt = Api.trainedIrisModel("learnt", 1, Map.of("seed", 7,
                "training", Map.of("maxEpochs", 100, "patience", 100)));
        assertThat(errorCode(graphql(APPROVER, DEPLOYMENT, Map.of("d", name, "m", learnt, "v", 1)))).isNull();
        // The classes interleaved, so that every request, and whatever part of the traffic a gauge write
        // takes in, holds them in the proportions of the whole (the file lists them one class after another).
        List<Map<String, String>> sorted = Api.irisRows();
        List<Map<String, String>> iris = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            iris.addAll(List.of(sorted.get(i), sorted.get(50 + i), sorted.get(100 + i)));
        }
        for (int pass = 0; pass < 2; pass++) { // 300 rows: the gauges need 200 in view
            for (int from = 0; from < iris.size(); from += 50) {
                predict(name, iris.subList(from, from + 50));
            }
        }
        String output = gauge(name, "output");
        String inputs = gauge(name, "inputs");
        double stableOutput = awaitGauge(output, v -> true);
        assertThat(stableOutput).as("the training rows' own predictions against the passport").isLessThan(0.1);
        assertThat(awaitGauge(inputs, v -> true)).as("the training rows against their own baselines")
                .isLessThan(0.1);

        List<Map<String, String>> shifted = iris.stream().map(row -> {
            Map<String, String> moved = new HashMap<>(row);
            moved.put("petal_length", "50");
            return moved;
        }).toList();
        for (int from = 0; from < shifted.size(); from += 50) {
            predict(name, shifted.subList(from, from + 50));
        }
        assertThat(awaitGauge(inputs, v -> v > 0.25)).as("a third of the rows in view beyond the last bin")
                .isGreaterThan(0.25);
    }

    @Test
    void aProtectedDeploymentLimitsEachCallerAnswersLabelsOnlyAndAuditsASweep() throws Exception {
        String name = Api.unique("guarded");
        assertThat(errorCode(graphql(APPROVER, DEPLOYMENT, Map.of("d", name, "m", model, "v", 1)))).isNull();
        String protect = "mutation($d: String!, $r: Float, $b: Float, $l: Boolean!) { setDeploymentProtection("
                + "deployment: $d, ratePerSecond: $r, burst: $b, labelsOnly: $l) { ratePerSecond burst labelsOnly } }";
        Map<String, Object> some = new HashMap<>(Map.of("d", name, "r", 0.5, "b", 3.0, "l", true));
        assertThat(errorCode(graphql(CONSUMER, protect, some))).isEqualTo("FORBIDDEN");
        JsonPath set = graphql(APPROVER, protect, some);
        assertThat(errorCode(set)).as(set.prettify()).isNull();
        assertThat(set.getBoolean("data.setDeploymentProtection.labelsOnly")).isTrue();

        List<Map<String, String>> sweep = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            sweep.add(Map.of("sepal_length", "6.1", "sepal_width", "2.8", "petal_width", "1.2", "petal_length",
                    String.format(java.util.Locale.ROOT, "%.2f", 1 + i * 0.02)));
        }
        Response first = Api.as(VIEWER).contentType("application/json").body(Map.of("rows", sweep))
                .post("/api/deployments/" + name + "/predict");
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        assertThat(first.jsonPath().getMap("predictions[0].probabilities")).as("labels only, even for a viewer")
                .isNullOrEmpty();
        JsonPath audit = graphql(ADMIN, "query($a: String, $op: String) { auditEvents(actor: $a, operation: $op, "
                + "size: 10) { items { actor operation target detail } } }", Map.of("a", VIEWER, "op",
                "extractionSuspected"));
        assertThat(audit.getList("data.auditEvents.items.target", String.class)).contains("deployment " + name);
        assertThat(audit.getString("data.auditEvents.items[0].detail")).contains("one column only");

        int refused = 0;
        Response last = null;
        for (int i = 0; i < 5; i++) {
            last = Api.as(CONSUMER).contentType("application/json").body(Map.of("rows", List.of(FLOWER)))
                    .post("/api/deployments/" + name + "/predict");
            refused += last.statusCode() == 429 ? 1 : 0;
        }
        assertThat(refused).as("a burst of 3, then one request every 2 s").isGreaterThanOrEqualTo(2);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.jsonPath().getString("error")).contains("Too many requests to deployment '" + name + "'");
        assertThat(Api.as(VIEWER).contentType("application/json").body(Map.of("rows", List.of(FLOWER)))
                .post("/api/deployments/" + name + "/predict").statusCode()).as("each caller has a bucket of its own")
                .isEqualTo(200);

        Map<String, Object> burstAlone = new HashMap<>(Map.of("d", name, "b", 3.0, "l", false));
        assertThat(errorMessage(graphql(APPROVER, protect, burstAlone))).contains("A burst needs a ratePerSecond");
        Map<String, Object> zero = new HashMap<>(Map.of("d", name, "r", 0.0, "l", false));
        assertThat(errorMessage(graphql(APPROVER, protect, zero))).contains("ratePerSecond must be above 0");
        Map<String, Object> off = new HashMap<>(Map.of("d", name, "l", false));
        JsonPath lifted = graphql(APPROVER, protect, off);
        assertThat(lifted.getString("data.setDeploymentProtection.ratePerSecond")).isNull();
        Response open = Api.as(CONSUMER).contentType("application/json").body(Map.of("rows", List.of(FLOWER)))
                .post("/api/deployments/" + name + "/predict");
        assertThat(open.statusCode()).as("the limit lifted reaches the serving path at once").isEqualTo(200);
    }

    private static void predict(String deployment, List<Map<String, String>> rows) {
        Response r = Api.as(CONSUMER).contentType("application/json").body(Map.of("rows", rows))
                .post("/api/deployments/" + deployment + "/predict");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
    }

    private static String gauge(String deployment, String of) {
        return "hone_deployment_drift_psi{deployment=\"" + deployment + "\",of=\"" + of + "\",version=\"1\"} ";
    }

    /** The gauge's value once it is a number that satisfies {@code until} (the stats are written every 2 s). */
    private static double awaitGauge(String series, java.util.function.DoublePredicate until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        double value = Double.NaN;
        while (System.nanoTime() < deadline) {
            String metrics = given().auth().preemptive().basic(ADMIN, Api.password(ADMIN)).get("/q/metrics").asString();
            int at = metrics.indexOf(series);
            if (at >= 0) {
                int end = metrics.indexOf('\n', at);
                value = Double.parseDouble(metrics.substring(at + series.length(), end).strip());
                if (!Double.isNaN(value) && until.test(value)) {
                    return value;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(series + " did not reach the value expected; last " + value);
    }

    @Test
    void impossibleDeploymentsAreRefusedNamingTheProblem() {
        String name = Api.unique("refused");
        assertThat(errorCode(graphql(APPROVER, DEPLOYMENT, Map.of("d", name, "m", model, "v", 1)))).isNull();
        Map<String, Map<String, Object>> canaries = new HashMap<>();
        canaries.put("is the stable version", Map.of("d", name, "v", 1, "p", 10.0, "s", false));
        canaries.put("REJECTED", Map.of("d", name, "v", 3, "p", 10.0, "s", false));
        canaries.put("from 0 to 100", Map.of("d", name, "v", 2, "p", 150.0, "s", false));
        canaries.put("has no version 9", Map.of("d", name, "v", 9, "p", 10.0, "s", false));
        canaries.put("does not exist", Map.of("d", Api.unique("nowhere"), "v", 2, "p", 10.0, "s", false));
        canaries.forEach((problem, variables) -> {
            JsonPath r = graphql(APPROVER, CANARY, variables);
            assertThat(errorMessage(r)).as(problem).contains(problem);
        });
        assertThat(errorMessage(graphql(APPROVER, DEPLOYMENT, Map.of("d", name, "m", model, "v", 1))))
                .contains("exists already");
        assertThat(errorMessage(graphql(APPROVER, DEPLOYMENT, Map.of("d", "bad name!", "m", model, "v", 1))))
                .contains("Invalid deployment name");
        assertThat(errorMessage(graphql(APPROVER, DEPLOYMENT, Map.of("d", Api.unique("x"), "m", model, "v", 3))))
                .contains("REJECTED");
        assertThat(errorMessage(graphql(APPROVER, "mutation($d: String!) { promoteCanary(deployment: $d) { name } }",
                Map.of("d", name)))).contains("has no canary");
        JsonPath list = graphql(VIEWER, "{ deployments { name stable { version } } }", Map.of());
        assertThat(list.<String>getList("data.deployments.name")).contains(name);
    }

    private static void assertAnswers(String deployment, int version, String role) throws Exception {
        Response r = predict(VIEWER, deployment);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("deployment")).isEqualTo(deployment);
        assertThat(r.jsonPath().getString("model")).isEqualTo(model);
        assertThat(r.jsonPath().getInt("version")).isEqualTo(version);
        assertThat(r.jsonPath().getString("role")).isEqualTo(role);
        assertThat(r.jsonPath().getString("predictions[0].label")).isNotBlank();
    }

    /** Waits (at most 2 s) until the deployment's change has reached serving, then checks the answer. */
    private static void awaitAnswer(String deployment, int version, String role) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath r = predict(VIEWER, deployment).jsonPath();
            if (r.getInt("version") == version && role.equals(r.getString("role"))) {
                break;
            }
        }
        assertAnswers(deployment, version, role);
    }

    /** A REST prediction through the deployment; waits out the per-caller rate limit when it is used up. */
    private static Response predict(String user, String deployment) throws InterruptedException {
        for (int i = 0; ; i++) {
            Response r = Api.as(user).contentType("application/json").body(Map.of("rows", List.of(FLOWER)))
                    .post("/api/deployments/" + deployment + "/predict");
            if (r.statusCode() != 429 || i == 10) {
                return r;
            }
            Thread.sleep(500);
        }
    }
}
