package dev.hone.api;

import static dev.hone.api.Api.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The GraphQL body is counted as it arrives and cut off at {@code hone.limits.graphql-request-bytes}
 * (the issue: a chunked 100 MB document moved the server from 0.64 to 2.66 GB), and a JSON body of
 * the wrong shape is refused with 400 INVALID_INPUT (it answered 500 for {@code variables} that
 * were a string, an array or a number).
 */
@QuarkusTest
class GraphQLRequestBodyTest {

    @TestHTTPResource("/graphql")
    URL graphql;

    @BeforeEach
    void users() {
        Api.ensureUsers();
    }

    @Test
    void aChunkedBodyWithoutLengthIsCutOffAtTheLimit() throws Exception {
        try (Socket socket = new Socket(graphql.getHost(), graphql.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String auth = Base64.getEncoder().encodeToString((VIEWER + ":" + Api.PASSWORD).getBytes(StandardCharsets.UTF_8));
            out.write(("POST /graphql HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<String> response = CompletableFuture.supplyAsync(() -> readAll(socket));

            // An endless document: only the server's cut-off can end this request.
            byte[] chunk = ("{\"query\": \"{ me { username } }" + " ".repeat(64 * 1024) + "")
                    .getBytes(StandardCharsets.US_ASCII);
            long sent = 0;
            try {
                while (!response.isDone() && sent < 200L * 1024 * 1024) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent += chunk.length;
                }
            } catch (IOException closedByServer) {
                // expected once the server has answered and closed
            }
            String answer = response.get(30, TimeUnit.SECONDS);

            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("PAYLOAD_TOO_LARGE", "262144", "hone.limits.graphql-request-bytes");
            assertThat(sent).as("bytes the client got to send").isLessThan(50L * 1024 * 1024);
        }
    }

    @Test
    void aDocumentJustUnderTheLimitIsServed() {
        // A long comment: one token, so only the byte limit applies.
        String query = "{ me { username } }\n#" + "x".repeat(250_000);
        var r = Api.graphql(VIEWER, query, Map.of());
        assertThat(Api.errorCode(r)).as(r.prettify()).isNull();
        assertThat(r.getString("data.me.username")).isEqualTo(VIEWER);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            variables as a string   | {"query": "{ me { username } }", "variables": "x"}   | 'variables' must be a JSON object
            variables as an array   | {"query": "{ me { username } }", "variables": [1]}   | 'variables' must be a JSON object
            variables as a number   | {"query": "{ me { username } }", "variables": 5}     | 'variables' must be a JSON object
            operationName as number | {"query": "{ me { username } }", "operationName": 5} | 'operationName' must be a string
            extensions as a string  | {"query": "{ me { username } }", "extensions": "x"}  | 'extensions' must be a JSON object
            query as a number       | {"query": 5}                                         | 'query' must be a string
            no query                | {"variables": {}}                                    | 'query' must be a string
            an array                | [{"query": "{ me { username } }"}]                   | must be a JSON object
            a string                | "{ me { username } }"                                | must be a JSON object
            not JSON                | {"query": "{ me { username } }"                      | not valid JSON
            a subscription          | {"query": "subscription { runUpdates(id: 1) { id } }"} | served over a WebSocket
            a document cut off      | {"query": "{ me { username "}                        | does not parse: Invalid syntax
            """)
    void malformedEnvelopesAreRefusedWithInvalidInput(String label, String body, String expected) {
        Response r = Api.as(VIEWER).contentType("application/json").body(body).post("/graphql");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.jsonPath().getString("errors[0].extensions.code")).isEqualTo("INVALID_INPUT");
        assertThat(r.jsonPath().getString("errors[0].message")).contains(expected);
    }

    @Test
    void aDocumentOfTooManyTokensIsRefusedBeforeExecution() {
        String query = "{ " + "a: __typename ".repeat(6000) + "}";
        Response r = Api.as(VIEWER).contentType("application/json").body(Map.of("query", query)).post("/graphql");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("errors[0].extensions.code")).isEqualTo("INVALID_INPUT");
        assertThat(r.jsonPath().getString("errors[0].message")).contains("does not parse", "tokens");
    }

    @Test
    void nullVariablesAndOperationNameAreFine() {
        Response r = Api.as(VIEWER).contentType("application/json")
                .body("{\"query\": \"{ me { username } }\", \"variables\": null, \"operationName\": null}").post("/graphql");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.jsonPath().getString("data.me.username")).isEqualTo(VIEWER);
    }

    private static String readAll(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int n;
            while (System.nanoTime() < deadline && (n = in.read(buffer)) != -1) {
                got.write(buffer, 0, n);
                if (got.toString(StandardCharsets.UTF_8).contains("}]}")) {
                    break;
                }
            }
            return got.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
