package dev.hone.api.graphql;

import dev.hone.api.auth.GraphQLGuard;
import dev.hone.api.runtime.Limits;
import dev.hone.errors.ErrorCode;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads a GraphQL request body within {@code hone.limits.graphql-request-bytes}, counting bytes as
 * they arrive, so a chunked body without {@code Content-Length} is cut off at the limit instead of
 * being held in memory whole (the server's general body limit is sized for 100 MB uploads). Then
 * checks the JSON envelope: SmallRye GraphQL answered HTTP 500 for {@code variables} that were a
 * string, an array or a number, so anything but the documented shape, or a document that does not
 * parse, is refused here with 400 and INVALID_INPUT. Runs after {@code GraphQLGuard}, so anonymous
 * bodies are never read.
 */
@ApplicationScoped
public class GraphQLRequestBody {

    private final long maxBytes;

    public GraphQLRequestBody(Limits limits) {
        this.maxBytes = limits.graphqlRequestBytes();
    }

    void install(@Observes Router router) {
        // File uploads off: a multipart body must not become files on disk on its way to a refusal.
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBytes);
        router.route("/graphql").order(-89).handler(body).handler(this::checkEnvelope)
                .failureHandler(this::tooLarge);
    }

    private void tooLarge(RoutingContext rc) {
        if (rc.statusCode() != 413) {
            rc.next();
            return;
        }
        if (rc.request().version() != HttpVersion.HTTP_2) {
            // Close the connection: the rest of an oversized body is not worth reading. (HTTP/2
            // forbids the header; there the stream ends with the response.)
            rc.response().putHeader("Connection", "close");
        }
        refuse(rc, ErrorCode.PAYLOAD_TOO_LARGE, "The GraphQL request is larger than the limit of " + maxBytes
                + " bytes; an administrator can raise it with " + Limits.PREFIX + "graphql-request-bytes");
    }

    private void checkEnvelope(RoutingContext rc) {
        boolean webSocket = "websocket".equalsIgnoreCase(rc.request().getHeader("Upgrade"));
        if (rc.request().method() == HttpMethod.GET && !webSocket) {
            // SmallRye answers GraphQL over GET (switched off) with an empty 405.
            refuse(rc, ErrorCode.METHOD_NOT_ALLOWED, "GraphQL takes POST with a JSON body; subscriptions use a "
                    + "WebSocket at /graphql");
            return;
        }
        String type = rc.request().getHeader("Content-Type");
        Buffer body = rc.body().buffer();
        if (!GraphQLGuard.isJson(type)) {
            rc.next(); // no JSON body (a WebSocket upgrade): GraphQLGuard has refused any other POST already
            return;
        }
        String problem = body == null || body.length() == 0 ? "The request body is empty; send a JSON object "
                + "with 'query'" : problem(body);
        if (problem != null) {
            refuse(rc, ErrorCode.INVALID_INPUT, problem);
            return;
        }
        rc.next();
    }

    /** What is wrong with a JSON GraphQL request, or null when it has the documented shape. */
    static String problem(Buffer body) {
        Object request;
        try {
            request = Json.decodeValue(body);
        } catch (DecodeException e) {
            return "The request body is not valid JSON: " + e.getMessage();
        }
        if (!(request instanceof JsonObject r)) {
            return "The request body must be a JSON object with 'query' (and optionally 'variables' and "
                    + "'operationName'); got " + kind(request);
        }
        if (!(r.getValue("query") instanceof String query) || query.isBlank()) {
            return "'query' must be a string holding the GraphQL document; got " + kind(r.getValue("query"));
        }
        Object variables = r.getValue("variables");
        if (variables != null && !(variables instanceof JsonObject)) {
            return "'variables' must be a JSON object of variable names to values; got " + kind(variables);
        }
        Object operationName = r.getValue("operationName");
        if (operationName != null && !(operationName instanceof String)) {
            return "'operationName' must be a string; got " + kind(operationName);
        }
        Object extensions = r.getValue("extensions");
        if (extensions != null && !(extensions instanceof JsonObject)) {
            return "'extensions' must be a JSON object; got " + kind(extensions);
        }
        Document document;
        try {
            // With the options graphql-java applies to operations; SmallRye's own parse failure
            // says only "Unparseable input document", this says where.
            document = Parser.parse(ParserEnvironment.newParserEnvironment().document(query)
                    .parserOptions(ParserOptions.getDefaultOperationParserOptions()).build());
        } catch (InvalidSyntaxException e) {
            return "The GraphQL document does not parse: " + e.getMessage();
        }
        // Over POST a subscription answered a meaningless object; it needs the WebSocket.
        boolean subscription = document.getDefinitionsOfType(OperationDefinition.class).stream()
                .filter(op -> operationName == null || operationName.equals(op.getName()))
                .anyMatch(op -> op.getOperation() == OperationDefinition.Operation.SUBSCRIPTION);
        if (subscription) {
            return "Subscriptions are served over a WebSocket at /graphql (protocol graphql-transport-ws), "
                    + "not over HTTP POST";
        }
        return null;
    }

    private static String kind(Object value) {
        return switch (value) {
            case null -> "nothing";
            case JsonObject o -> "an object";
            case JsonArray a -> "an array";
            case String s -> "a string";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            default -> value.getClass().getSimpleName();
        };
    }

    private static void refuse(RoutingContext rc, ErrorCode code, String message) {
        JsonObject json = new JsonObject().put("message", message)
                .put("extensions", new JsonObject().put("code", code.name()));
        rc.response().setStatusCode(code.httpStatus()).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("errors", new JsonArray().add(json)).encode());
    }
}
