package dev.hone.api;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Canary rollouts with real traffic: a good canary is raised step by step on what serving counted
 * and promoted; a canary rejected during its rollout fails requests, and the step's analysis rolls
 * it back with the reason; the starter may not promote (four eyes); abort ends it; bad plans are
 * refused naming the problem.
 */
@QuarkusTest
class RolloutTest {

    private static final Map<String, String> FLOWER = Map.of("sepal_length", "6.1", "sepal_width", "2.8",
            "petal_length", "4.7", "petal_width", "1.2");
    private static final String START = "mutation($d: String!, $v: Int!, $steps: [RolloutStepInput], "
            + "$policy: RolloutPolicyInput) { startRollout(deployment: $d, version: $v, steps: $steps, policy: $policy) "
            + "{ id status } }";
    private static final String ROLLOUT = "query($id: ID!) { rollout(id: $id) { status reason step percent "
            + "canaryVersion stableVersion analyses { step passed conclusive reasons canaryRequests stableRequests "
            + "canaryErrorRate } } }";

    private static String model;

    @BeforeEach
    void setUp() throws Exception {
        Api.ensureUsers();
        if (model == null) {
            model = Api.trainedIrisModel("rolled", 3);
        }
    }

    private static String deployment(int stable) {
        String name = Api.unique("rollout");
        JsonPath r = graphql(APPROVER, "mutation($d: String!, $m: String!, $v: Int!) { createDeployment(name: $d, "
                + "model: $m, version: $v) { name } }", Map.of("d", name, "m", model, "v", stable));
        assertThat(errorCode(r)).isNull();
        return name;
    }

    /**
     * Few requests suffice, no approval; latency and label shift are left to RolloutAnalysisTest (on a
     * busy test machine a few dozen requests' p95 says little).
     */
    private static Map<String, Object> quickPolicy() {
        return Map.of("minRequests", 3, "requireApproval", false, "maxPsi", 100.0, "maxPassportPsi", 100.0,
                "maxLatencyRatio", 100.0);
    }

    @Test
    void aHealthyCanaryIsRaisedStepByStepOnLiveTrafficAndPromoted() throws Exception {
        String name = deployment(1);
        JsonPath started = graphql(APPROVER, START, Map.of("d", name, "v", 2, "steps", List.of(
                Map.of("percent", 50, "pauseSeconds", 4), Map.of("percent", 100, "pauseSeconds", 4)),
                "policy", quickPolicy()));
        assertThat(errorCode(started)).as(started.prettify()).isNull();
        long id = started.getLong("data.startRollout.id");

        JsonPath end = withTraffic(name, () -> awaitEnd(id));
        assertThat(end.getString("data.rollout.status")).as(end.prettify()).isEqualTo("PROMOTED");
        assertThat(end.getList("data.rollout.analyses.passed")).containsOnly(true);
        assertThat(end.getInt("data.rollout.analyses[0].canaryRequests")).isGreaterThanOrEqualTo(3);
        JsonPath d = graphql(VIEWER, "query($d: String!) { deployment(name: $d) { stable { version } canary "
                + "{ version } } }", Map.of("d", name));
        assertThat(d.getInt("data.deployment.stable.version")).isEqualTo(2);
        assertThat(d.getString("data.deployment.canary")).isNull();
    }

    @Test
    void aCanaryRejectedDuringItsRolloutFailsRequestsAndIsRolledBackWithTheReason() throws Exception {
        String name = deployment(1);
        JsonPath started = graphql(APPROVER, START, Map.of("d", name, "v", 3, "steps", List.of(
                Map.of("percent", 50, "pauseSeconds", 5), Map.of("percent", 100, "pauseSeconds", 5)),
                "policy", quickPolicy()));
        long id = started.getLong("data.startRollout.id");
        assertThat(errorCode(graphql(APPROVER, "mutation($m: String!) { rejectModelVersion(model: $m, version: 3, "
                + "comment: \"worse on the holdout\") { approvalStatus } }", Map.of("m", model)))).isNull();

        JsonPath end = withTraffic(name, () -> awaitEnd(id));
        assertThat(end.getString("data.rollout.status")).as(end.prettify()).isEqualTo("ROLLED_BACK");
        assertThat(end.getString("data.rollout.reason")).startsWith("Step 1 at 50%: error rate");
        JsonPath d = graphql(VIEWER, "query($d: String!) { deployment(name: $d) { stable { version } canary "
                + "{ version } } }", Map.of("d", name));
        assertThat(d.getInt("data.deployment.stable.version")).isEqualTo(1);
        assertThat(d.getString("data.deployment.canary")).as("rolled back").isNull();
    }

    @Test
    void groundTruthSentBackRollsBackACanaryThatIsWrongMoreOften() throws Exception {
        String name = deployment(1);
        JsonPath started = graphql(APPROVER, START, Map.of("d", name, "v", 2, "steps", List.of(
                Map.of("percent", 50, "pauseSeconds", 6), Map.of("percent", 100, "pauseSeconds", 6)),
                "policy", Map.of("minRequests", 3, "requireApproval", false, "maxPsi", 100.0, "maxPassportPsi", 100.0,
                        "maxLatencyRatio", 100.0, "minFeedback", 3)));
        long id = started.getLong("data.startRollout.id");
        // Callers send the truth for each answer: the stable version is always right, the canary never.
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger counted = new AtomicInteger();
        List<Thread> callers = List.of(VIEWER, CONSUMER, SCIENTIST).stream().map(user -> Thread.ofPlatform()
                .start(() -> {
                    while (!stop.get()) {
                        JsonPath answer = Api.as(user).contentType("application/json")
                                .body(Map.of("rows", List.of(FLOWER))).post("/api/deployments/" + name + "/predict")
                                .jsonPath();
                        String predicted = answer.getString("predictions[0].label");
                        String predictionId = answer.getString("predictionIds[0]");
                        if (predictionId != null) {
                            String truth = "stable".equals(answer.getString("role")) ? predicted
                                    : "setosa".equals(predicted) ? "virginica" : "setosa";
                            counted.addAndGet(Api.as(user).contentType("application/json").body(Map.of("feedback",
                                    List.of(Map.of("predictionId", predictionId, "label", truth))))
                                    .post("/api/deployments/" + name + "/feedback").jsonPath().getInt("counted"));
                        }
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                })).toList();
        JsonPath end;
        try {
            end = awaitEnd(id);
        } finally {
            stop.set(true);
            for (Thread t : callers) {
                t.join();
            }
        }
        assertThat(counted.get()).isPositive();
        assertThat(end.getString("data.rollout.status")).as(end.prettify()).isEqualTo("ROLLED_BACK");
        assertThat(end.getString("data.rollout.reason")).contains("accuracy on").contains("labelled predictions 0.0%")
                .contains("against the stable version's 100.0%");
    }

    @Test
    void feedbackNamesWhatIsWrongWithIt() throws Exception {
        String name = deployment(1);
        String other = deployment(1);
        JsonPath answer = Api.as(APPROVER).contentType("application/json").body(Map.of("rows", List.of(FLOWER)))
                .post("/api/deployments/" + name + "/predict").jsonPath();
        String predictionId = answer.getString("predictionIds[0]");
        assertThat(predictionId).isNotBlank();
        Map<String, Map<String, Object>> refusals = Map.of(
                "is not a prediction id this server gave out", Map.of("predictionId", predictionId.substring(1) + "A",
                        "label", "setosa"),
                "give the true 'label'", Map.of("predictionId", predictionId));
        refusals.forEach((problem, item) -> {
            var r = Api.as(APPROVER).contentType("application/json").body(Map.of("feedback", List.of(item)))
                    .post("/api/deployments/" + name + "/feedback");
            assertThat(r.statusCode()).as(problem).isEqualTo(400);
            assertThat(r.jsonPath().getString("message")).as(problem).contains(problem);
        });
        var elsewhere = Api.as(APPROVER).contentType("application/json").body(Map.of("feedback", List.of(
                Map.of("predictionId", predictionId, "label", "setosa")))).post("/api/deployments/" + other + "/feedback");
        assertThat(elsewhere.jsonPath().getString("message")).contains("made by another deployment");
        var twice = Api.as(APPROVER).contentType("application/json").body(Map.of("feedback", List.of(
                Map.of("predictionId", predictionId, "label", "setosa"), Map.of("predictionId", predictionId,
                        "label", "setosa")))).post("/api/deployments/" + name + "/feedback");
        assertThat(twice.jsonPath().getString("message")).contains("repeats prediction id");
        var ok = Api.as(APPROVER).contentType("application/json").body(Map.of("feedback", List.of(
                Map.of("predictionId", predictionId, "label", "setosa")))).post("/api/deployments/" + name + "/feedback");
        assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(200);
        assertThat(ok.jsonPath().getInt("counted")).isEqualTo(1);
    }

    @Test
    void theStarterMayNotPromoteAbortEndsItAndBadPlansAreRefused() throws Exception {
        String name = deployment(1);
        long id = graphql(APPROVER, START, Map.of("d", name, "v", 2, "steps", List.of(
                Map.of("percent", 10, "pauseSeconds", 600), Map.of("percent", 100, "pauseSeconds", 600))))
                .getLong("data.startRollout.id");
        JsonPath own = graphql(APPROVER, "mutation($id: ID!) { promoteRollout(id: $id) { status } }", Map.of("id", id));
        assertThat(errorCode(own)).isEqualTo("FORBIDDEN");
        assertThat(errorMessage(own)).contains("Four eyes");
        assertThat(errorMessage(graphql(APPROVER, START, Map.of("d", name, "v", 2)))).contains("rollout in flight");
        assertThat(errorMessage(graphql(APPROVER, "mutation($d: String!) { deleteDeployment(name: $d) }",
                Map.of("d", name)))).contains("rollout in flight");

        assertThat(errorCode(graphql(APPROVER, "mutation($id: ID!) { abortRollout(id: $id, reason: \"wrong week\") "
                + "{ status } }", Map.of("id", id)))).isNull();
        JsonPath end = awaitEnd(id);
        assertThat(end.getString("data.rollout.status")).isEqualTo("ABORTED");
        assertThat(end.getString("data.rollout.reason")).isEqualTo("Aborted by approver: wrong week");
        assertThat(errorMessage(graphql(APPROVER, "mutation($id: ID!) { pauseRollout(id: $id) { status } }",
                Map.of("id", id)))).contains("has ended (ABORTED)");

        Map<String, List<Map<String, Object>>> plans = Map.of(
                "must be above the previous step's", List.of(Map.of("percent", 50, "pauseSeconds", 1),
                        Map.of("percent", 20, "pauseSeconds", 1)),
                "The last step must send 100%", List.of(Map.of("percent", 50, "pauseSeconds", 1)),
                "pauseSeconds must be 0 to", List.of(Map.of("percent", 100, "pauseSeconds", -1)));
        plans.forEach((problem, steps) -> assertThat(errorMessage(graphql(APPROVER, START,
                Map.of("d", name, "v", 2, "steps", steps)))).as(problem).contains(problem));
        assertThat(errorMessage(graphql(APPROVER, START, Map.of("d", name, "v", 1)))).contains("stable version");
        assertThat(errorCode(graphql(SCIENTIST, START, Map.of("d", name, "v", 2)))).isEqualTo("FORBIDDEN");
    }

    private JsonPath awaitEnd(long id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonPath r;
        do {
            Thread.sleep(250);
            r = graphql(VIEWER, ROLLOUT, Map.of("id", id));
        } while (List.of("RUNNING", "PAUSED").contains(r.getString("data.rollout.status"))
                && System.nanoTime() < deadline);
        return r;
    }

    /** Runs {@code body} while three callers send the deployment about four predictions a second each. */
    private static JsonPath withTraffic(String deployment, java.util.concurrent.Callable<JsonPath> body)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        List<Thread> callers = List.of(VIEWER, CONSUMER, SCIENTIST).stream().map(user -> Thread.ofPlatform()
                .start(() -> {
                    while (!stop.get()) {
                        Api.as(user).contentType("application/json").body(Map.of("rows", List.of(FLOWER)))
                                .post("/api/deployments/" + deployment + "/predict");
                        sent.incrementAndGet();
                        try {
                            Thread.sleep(250);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                })).toList();
        try {
            return body.call();
        } finally {
            stop.set(true);
            for (Thread t : callers) {
                t.join();
            }
            assertThat(sent.get()).isPositive();
        }
    }
}
