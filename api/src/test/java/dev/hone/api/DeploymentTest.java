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
