package dev.hone.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One GraphQL subscription over graphql-transport-ws at /graphql, as a script or the console opens
 * it: credentials as the WebSocket's Authorization header (scripts) or in the connection_init
 * payload (browsers, which cannot set headers), or none.
 */
final class GraphQLStream implements WebSocket.Listener {

    final List<Map<String, Object>> updates = new CopyOnWriteArrayList<>();
    private final CountDownLatch completed = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final StringBuilder partial = new StringBuilder();
    private final String document;
    private final String field;
    private final String initAuthorization;
    private volatile String error;

    private GraphQLStream(String document, String field, String initAuthorization) {
        this.document = document;
        this.field = field;
        this.initAuthorization = initAuthorization;
    }

    /**
     * @param headerAuthorization Authorization header of the WebSocket request, or null
     * @param initAuthorization Authorization in the connection_init payload, or null
     * @param document the subscription
     * @param field the subscription's field, whose values are collected
     */
    static GraphQLStream open(String headerAuthorization, String initAuthorization, String document, String field)
            throws Exception {
        GraphQLStream stream = new GraphQLStream(document, field, initAuthorization);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("graphql-transport-ws");
        if (headerAuthorization != null) {
            builder.header("Authorization", headerAuthorization);
        }
        builder.buildAsync(URI.create("ws://127.0.0.1:" + RestAssured.port + "/graphql"), stream)
                .get(10, TimeUnit.SECONDS);
        return stream;
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    @Override
    public void onOpen(WebSocket ws) {
        JsonObject init = new JsonObject().put("type", "connection_init");
        if (initAuthorization != null) {
            init.put("payload", new JsonObject().put("Authorization", initAuthorization));
        }
        ws.sendText(init.encode(), true);
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            JsonPath message = new JsonPath(partial.toString());
            partial.setLength(0);
            switch (message.getString("type")) {
                case "connection_ack" -> ws.sendText(new JsonObject().put("id", "1").put("type", "subscribe")
                        .put("payload", new JsonObject().put("query", document)).encode(), true);
                case "next" -> {
                    if (message.get("payload.errors") != null) {
                        error = message.prettify();
                    } else {
                        updates.add(message.getMap("payload.data." + field));
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

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
        closed.countDown();
        return null;
    }

    /** Waits for the server to complete the subscription without an error; the updates it sent. */
    List<Map<String, Object>> awaitCompletion(Duration timeout) throws InterruptedException {
        assertThat(completed.await(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("subscription completed; updates so far %s", updates).isTrue();
        assertThat(error).isNull();
        return updates;
    }

    /** The server's error message, if it sent one. */
    String error() {
        return error;
    }

    /** True when the server closed the connection or refused the subscription within 20 seconds. */
    boolean awaitRefusal() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (closed.getCount() == 0 || error != null) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
