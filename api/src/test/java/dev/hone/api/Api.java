package dev.hone.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Test client: GraphQL over HTTP with HTTP Basic users, as a script would call the API. */
public final class Api {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String SCIENTIST = "scientist";
    public static final String VIEWER = "viewer";
    public static final String APPROVER = "approver";
    public static final String CONSUMER = "consumer";
    public static final String PASSWORD = "a-long-test-password";

    private static boolean usersCreated;

    private Api() {
    }

    /** Creates one local user per role (idempotent). */
    public static synchronized void ensureUsers() {
        if (usersCreated) {
            return;
        }
        for (var entry : Map.of(SCIENTIST, "data-scientist", VIEWER, "viewer", APPROVER, "approver",
                CONSUMER, "model-consumer").entrySet()) {
            JsonPath r = graphql(ADMIN, ADMIN_PASSWORD,
                    "mutation($u: String!, $p: String!, $r: [String!]!) { saveUser(username: $u, password: $p, roles: $r) { username } }",
                    Map.of("u", entry.getKey(), "p", PASSWORD, "r", List.of(entry.getValue())));
            if (r.get("errors") != null) {
                throw new IllegalStateException("Cannot create test user: " + r.prettify());
            }
        }
        usersCreated = true;
    }

    /** A name no earlier test run has used, so tests never depend on what the database holds. */
    public static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    public static String password(String user) {
        return ADMIN.equals(user) ? ADMIN_PASSWORD : PASSWORD;
    }

    public static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, password(user));
    }

    public static JsonPath graphql(String user, String query, Map<String, Object> variables) {
        return graphql(user, password(user), query, variables);
    }

    public static JsonPath graphql(String user, String password, String query, Map<String, Object> variables) {
        RequestSpecification spec = user == null ? given() : given().auth().preemptive().basic(user, password);
        var response = spec.contentType(ContentType.JSON)
                .body(Map.of("query", query, "variables", variables))
                .post("/graphql");
        // 200 with data or errors; 401 (anonymous) and 413 carry GraphQL-shaped errors too.
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).isIn(200, 401, 413);
        return response.jsonPath();
    }

    /** The {@code extensions.code} of the first error, or null when the call succeeded. */
    public static String errorCode(JsonPath r) {
        return r.get("errors") == null ? null : r.getString("errors[0].extensions.code");
    }

    public static String errorMessage(JsonPath r) {
        return r.getString("errors[0].message");
    }

    /** Uploads a CSV body as the given user; returns the response JSON and status. */
    public static io.restassured.response.Response upload(String user, String name, byte[] csv) {
        return as(user).contentType("text/csv").body(csv).post("/api/datasets/" + name);
    }

    public static byte[] iris() {
        try (var in = Api.class.getResourceAsStream("/datasets/iris.csv")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Iris's rows without the species, as prediction rows (cells as strings). */
    public static List<Map<String, String>> irisRows() {
        String[] lines = new String(iris(), java.nio.charset.StandardCharsets.UTF_8).strip().split("\n");
        String[] header = lines[0].split(",");
        List<Map<String, String>> rows = new java.util.ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            Map<String, String> row = new java.util.HashMap<>();
            for (int c = 0; c < header.length; c++) {
                if (!header[c].equals("species")) {
                    row.put(header[c], cells[c]);
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** Polls a run until the predicate holds or the timeout passes; returns the last run JSON. */
    public static Map<String, Object> awaitRun(long runId, Predicate<Map<String, Object>> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> run;
        do {
            JsonPath r = graphql(VIEWER, "query($id: ID!) { run(id: $id) { id status currentStage error attempt "
                    + "stages { stage status progress detail } } }", Map.of("id", runId));
            run = r.getMap("data.run");
            if (done.test(run)) {
                return run;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Run " + runId + " did not reach the expected state in " + timeout + "; last: " + run);
    }

    /**
     * A new model of {@code versions} versions, each trained by a scientist's run on a fresh upload of
     * iris for 5 epochs (all SUCCEEDED); its name.
     */
    public static String trainedIrisModel(String prefix, int versions) throws InterruptedException {
        return trainedIrisModel(prefix, versions, Map.of("training", Map.of("maxEpochs", 5)));
    }

    /** As {@link #trainedIrisModel(String, int)}, each run with these further settings (training, seed, ...). */
    public static String trainedIrisModel(String prefix, int versions, Map<String, Object> settings)
            throws InterruptedException {
        String dataset = unique("iris-" + prefix);
        String name = unique(prefix);
        if (upload(SCIENTIST, dataset, iris()).statusCode() != 201) {
            throw new AssertionError("upload of " + dataset + " failed");
        }
        for (int i = 0; i < versions; i++) {
            Map<String, Object> run = new java.util.HashMap<>(settings);
            run.putAll(Map.of("dataset", dataset, "target", "species", "modelName", name));
            long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                    Map.of("in", run)).getLong("data.startRun.id");
            Object status = awaitRun(runId, Api::isFinal, Duration.ofMinutes(3)).get("status");
            if (!"SUCCEEDED".equals(status)) {
                throw new AssertionError("run " + runId + " of " + name + " ended " + status);
            }
        }
        return name;
    }

    public static boolean isFinal(Map<String, Object> run) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED").contains(run.get("status"));
    }
}
