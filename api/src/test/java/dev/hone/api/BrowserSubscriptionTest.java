package dev.hone.api;

import static dev.hone.api.Api.SCIENTIST;
import static dev.hone.api.Api.VIEWER;
import static dev.hone.api.Api.errorCode;
import static dev.hone.api.Api.graphql;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
                Map.of("in", Map.of("dataset", dataset, "target", "species", "training", Map.of("maxEpochs", 30))));
        long runId = started.getLong("data.startRun.id");

        Stream stream = Stream.open(basic(VIEWER, Api.PASSWORD), "subscription { runUpdates(id: " + runId
                + ") { status currentStage stages { stage status progress } } }");
        List<Map<String, Object>> updates = stream.awaitCompletion();

        assertThat(updates).isNotEmpty();
        assertThat(updates.get(updates.size() - 1).get("status")).isEqualTo("SUCCEEDED");
        assertThat(updates.stream().map(u -> u.get("status")).distinct().toList()).hasSizeGreaterThan(1);
    }

    @Test
    void wrongOrMissingCredentialsGetNoData() throws Exception {
        for (String authorization : new String[] {basic(VIEWER, "wrong-password"), null}) {
            Stream stream = Stream.open(authorization, "subscription { runUpdates(id: 1) { status } }");
            assertThat(stream.awaitEnd()).as("ended for %s", authorization).isTrue();
            assertThat(stream.updates).isEmpty();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    /** A graphql-transport-ws client that, like a browser, sends no Authorization header. */
    static final class Stream implements WebSocket.Listener {
        private final List<Map<String, Object>> updates = new CopyOnWriteArrayList<>();
        private final CountDownLatch completed = new CountDownLatch(1);
        private final CountDownLatch closed = new CountDownLatch(1);
        private final StringBuilder partial = new StringBuilder();
        private final String document;
        private volatile String error;


        private final String authorization;

        private Stream(String document, String authorization) {
            this.document = document;
            this.authorization = authorization;
        }

        static Stream open(String authorization, String document) throws Exception {
            Stream stream = new Stream(document, authorization);
            HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws")
                    .buildAsync(URI.create("ws://127.0.0.1:" + RestAssured.port + "/graphql"), stream)
                    .get(10, TimeUnit.SECONDS);
            return stream;
        }

        @Override
        public void onOpen(WebSocket ws) {
            var init = new io.vertx.core.json.JsonObject().put("type", "connection_init");
            if (authorization != null) {
                init.put("payload", new io.vertx.core.json.JsonObject().put("Authorization", authorization));
            }
            ws.sendText(init.encode(), true);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.countDown();
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonPath message = new JsonPath(partial.toString());
                partial.setLength(0);
                switch (message.getString("type")) {
                    case "connection_ack" -> ws.sendText(new io.vertx.core.json.JsonObject().put("id", "1")
                            .put("type", "subscribe").put("payload", Map.of("query", document)).encode(), true);
                    case "next" -> {
                        if (message.get("payload.errors") != null) {
                            error = message.prettify();
                        } else {
                            updates.add(message.getMap("payload.data.runUpdates"));
                        }
                    }
                    case "error" -> {
                        error = message.prettify();
                        completed.countDown();
                    }
                    case "complete" -> completed.countDown();
                    default -> { }
                }
            }
            ws.request(1);
            return null;
        }

        /** True when the server closed the connection or ended the subscription with an error. */
        boolean awaitEnd() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                if (closed.getCount() == 0 || error != null) {
                    return true;
                }
                Thread.sleep(100);
            }
            return false;
        }

        List<Map<String, Object>> awaitCompletion() throws InterruptedException {
            assertThat(completed.await(90, TimeUnit.SECONDS)).as("completed; so far %s", updates).isTrue();
            assertThat(error).isNull();
            return updates;
        }
    }
}
