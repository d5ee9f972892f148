package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser cannot put an Authorization header on a WebSocket, so it sends the credentials in the
 * graphql-transport-ws connection_init payload: runUpdates streams a run to its end over such a
 * connection; wrong or missing credentials get no data.
 */
@QuarkusTest
class BrowserSubscriptionTest {

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void credentialsInTheConnectionInitPayloadStreamARunToItsEnd() throws Exception {
        String dataset = Api.unique("iris-live");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        JsonPath started = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", dataset, "target", "species",
                        "training", Map.of("maxEpochs", 3000, "patience", 3000))));
        long runId = started.getLong("data.startRun.id");

        GraphQLStream stream = GraphQLStream.open(null, GraphQLStream.basic(VIEWER, Api.PASSWORD),
                "subscription { runUpdates(id: " + runId + ") { status currentStage stages { stage status progress "
                        + "detail } } }", "runUpdates");
        List<Map<String, Object>> updates = stream.awaitCompletion(Duration.ofSeconds(120));

        assertThat(updates).isNotEmpty();
        assertThat(updates.get(updates.size() - 1).get("status")).isEqualTo("SUCCEEDED");
        assertThat(updates.stream().map(u -> u.get("status")).distinct().toList()).hasSizeGreaterThan(1);
        // Progress within a stage reaches the subscriber as it happens, not only the stage's start and end.
        @SuppressWarnings("unchecked")
        List<Object> trainingProgress = updates.stream()
                .flatMap(u -> ((List<Map<String, Object>>) u.get("stages")).stream())
                .filter(st -> "TRAIN".equals(st.get("stage")) && "RUNNING".equals(st.get("status")))
                .map(st -> st.get("detail")).distinct().toList();
        assertThat(trainingProgress).as("distinct epoch lines while training").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void wrongOrMissingCredentialsGetNoData() throws Exception {
        String dataset = Api.unique("iris-private");
        assertThat(Api.upload(SCIENTIST, dataset, Api.iris()).statusCode()).isEqualTo(201);
        long runId = graphql(SCIENTIST, "mutation($in: StartRunInput!) { startRun(input: $in) { id } }",
                Map.of("in", Map.of("dataset", dataset, "target", "species"))).getLong("data.startRun.id");
        for (String authorization : new String[] {GraphQLStream.basic(VIEWER, "wrong-password"), null}) {
            GraphQLStream stream = GraphQLStream.open(null, authorization,
                    "subscription { runUpdates(id: " + runId + ") { status } }", "runUpdates");
            assertThat(stream.awaitRefusal()).as("refused for %s", authorization).isTrue();
            assertThat(stream.updates).isEmpty();
            // Refused for who is asking, not because the run is missing.
            assertThat(String.valueOf(stream.error())).doesNotContain("NOT_FOUND");
        }
    }
}
