package dev.hone.api;

import static dev.hone.api.Api.ADMIN;
import static dev.hone.api.Api.APPROVER;
import static dev.hone.api.Api.CONSUMER;
import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hone.registry.db.ChangeFeed;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The prediction path once a version is known: no database connection is taken for resolving the
 * version, authenticating the caller or recording the call (REST and GraphQL alike); a change to an
 * alias still takes effect for the next predictions; answered calls are counted in metrics, not
 * written to the audit log, while refusals are audited.
 */
@QuarkusTest
class PredictionHotPathTest {

    private static final Map<String, String> FLOWER = Map.of("sepal_length", "5.1", "sepal_width", "3.5",
            "petal_length", "1.4", "petal_width", "0.2");
    private static final String PREDICT = """
            query($m: String!, $a: String) { predict(model: $m, alias: $a, rows: [[
              {column: "sepal_length", value: "5.1"}, {column: "sepal_width", value: "3.5"},
              {column: "petal_length", value: "1.4"}, {column: "petal_width", value: "0.2"}]]) { version label } }""";

    private static String model;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ChangeFeed feed;

    @BeforeEach
    void setUp() throws Exception {
        Api.ensureUsers();
        if (model == null) {
            String name = Api.trainedIrisModel("hot-path", 2);
            setStaging(name, 1);
            model = name;
        }
        awaitTrue(feed::live, "the change feed listens");
    }

    @Test
    void oncePredictedAVersionIsResolvedAndACallerAuthenticatedWithoutTheDatabase() throws Exception {
        List<String> users = List.of(VIEWER, CONSUMER, SCIENTIST, APPROVER);
        Thread.sleep(2500); // let the callers' rate-limit buckets refill from earlier tests
        for (String user : users) {
            assertThat(rest(user, "").statusCode()).isEqualTo(200);
            assertThat(rest(user, "?version=1").statusCode()).isEqualTo(200);
            assertThat(errorCode(graphql(user, PREDICT, Map.of("m", model, "a", "staging")))).isNull();
        }
        long before = dataSource.getMetrics().acquireCount();
        int calls = 0;
        for (String user : users) {
            for (int i = 0; i < 2; i++) {
                Response r = rest(user, i == 0 ? "" : "?version=1");
                assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
                JsonPath g = graphql(user, PREDICT, Map.of("m", model, "a", "staging"));
                assertThat(errorCode(g)).isNull();
                assertThat(g.getInt("data.predict[0].version")).isEqualTo(1);
                calls += 2;
            }
        }
        long acquired = dataSource.getMetrics().acquireCount() - before;
        // Before the directory and the change feed, each call took three or more (user, model,
        // version or alias, audit row): here calls == 16.
        assertThat(acquired).as("database connections taken by %d predictions", calls).isLessThanOrEqualTo(1);
    }

    @Test
    void anAliasMovedByAnApproverAnswersTheNextPredictions() throws Exception {
        assertThat(graphql(VIEWER, PREDICT, Map.of("m", model, "a", "staging")).getInt("data.predict[0].version"))
                .isEqualTo(1);
        setStaging(model, 2);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int version;
        do {
            version = graphql(VIEWER, PREDICT, Map.of("m", model, "a", "staging")).getInt("data.predict[0].version");
        } while (version != 2 && System.nanoTime() < deadline);
        assertThat(version).as("the moved alias answers within 2 s").isEqualTo(2);
        setStaging(model, 1);
    }

    @Test
    void answersAreCountedNotAuditedAndRefusalsAreAudited() throws Exception {
        Thread.sleep(2500);
        assertThat(rest(CONSUMER, "?version=1").statusCode()).isEqualTo(200);
        assertThat(errorCode(graphql(CONSUMER, PREDICT, Map.of("m", model, "a", "staging")))).isNull();
        JsonPath answered = graphql(ADMIN, "{ auditEvents(actor: \"consumer\", outcome: SUCCEEDED, size: 50) "
                + "{ items { operation } } }", Map.of());
        assertThat(answered.<String>getList("data.auditEvents.items.operation"))
                .noneMatch(o -> o.contains("predict"));

        // Over the limit: every refusal is counted, only the first of each run of refusals is audited.
        long lastAudited = graphql(ADMIN, "{ auditEvents(size: 1) { items { id } } }", Map.of())
                .getLong("data.auditEvents.items[0].id");
        int limited = 0;
        int runs = 0;
        boolean refusing = false;
        for (int i = 0; i < 25; i++) {
            boolean refused = rest(CONSUMER, "?version=1").statusCode() == 429;
            limited += refused ? 1 : 0;
            runs += refused && !refusing ? 1 : 0;
            refusing = refused;
        }
        assertThat(limited).isGreaterThan(5);
        JsonPath refusals = graphql(ADMIN, "{ auditEvents(actor: \"consumer\", outcome: DENIED, size: 50) "
                + "{ items { id operation detail } } }", Map.of());
        List<Map<String, Object>> audited = refusals.<Map<String, Object>>getList("data.auditEvents.items").stream()
                .filter(e -> Long.parseLong(e.get("id").toString()) > lastAudited).toList();
        assertThat(audited).as("one audit row per run of refusals").hasSize(runs)
                .allSatisfy(e -> assertThat(e.get("detail").toString()).startsWith("RATE_LIMITED"))
                .allSatisfy(e -> assertThat(e.get("operation")).isEqualTo("POST /api/models/{model}/predict"));

        String metrics = given().auth().preemptive().basic(ADMIN, Api.password(ADMIN)).get("/q/metrics").asString();
        assertThat(counter(metrics, CONSUMER, model, "1", "ok")).isGreaterThanOrEqualTo(1);
        assertThat(counter(metrics, CONSUMER, "(unresolved)", "(unresolved)", "rate_limited"))
                .isGreaterThanOrEqualTo(limited);
        assertThat(metrics).contains("hone_prediction_seconds_bucket{").contains("model=\"" + model + "\"");
    }

    /** The value of {@code hone_predictions_total} for one series, 0 when it does not exist. */
    private static double counter(String metrics, String caller, String model, String version, String outcome) {
        Matcher m = Pattern.compile("hone_predictions_total\\{([^}]*)\\} ([0-9.E+]+)").matcher(metrics);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("caller=\"" + caller + "\"") && labels.contains("model=\"" + model + "\"")
                    && labels.contains("version=\"" + version + "\"") && labels.contains("outcome=\"" + outcome + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    private static void setStaging(String model, int version) {
        assertThat(errorCode(graphql(APPROVER, "mutation($m: String!, $v: Int!) { setAlias(model: $m, "
                + "alias: \"staging\", version: $v) { alias } }", Map.of("m", model, "v", version)))).isNull();
    }

    private static Response rest(String user, String query) {
        return Api.as(user).contentType("application/json").body(Map.of("rows", List.of(FLOWER)))
                .post("/api/models/" + model + "/predict" + query);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
