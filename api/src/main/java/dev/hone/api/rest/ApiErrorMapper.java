package dev.hone.api.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.hone.api.error.ApiError;
import dev.hone.api.error.ApiErrors;
import dev.hone.api.error.InvalidInputError;
import dev.hone.api.error.RateLimitedError;
import dev.hone.errors.ErrorCode;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * REST errors: a status and {@code {"code", "message"}}, never a stack trace, and never an empty
 * body, also for what the framework refuses before a resource runs (unknown paths, wrong methods,
 * a missing or unsupported Content-Type, a JSON body that does not bind).
 */
public class ApiErrorMapper {

    @ServerExceptionMapper
    public Response apiError(ApiError e) {
        return body(e);
    }

    @ServerExceptionMapper
    public Response domainError(RuntimeException e, Request request, UriInfo uri, HttpHeaders headers) {
        if (e instanceof WebApplicationException web) {
            return framework(web, request, uri, headers);
        }
        ApiError error = ApiErrors.translate(e);
        if (error == null) {
            Log.errorf(e, "Unexpected error");
            return body(new ApiError(ErrorCode.INTERNAL, "Internal error; see the server log"));
        }
        return body(error);
    }

    /** Replaces the framework's own mapper, whose body is empty outside dev mode. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return unreadableJson(e);
    }

    /** A body that is not JSON, or JSON of the wrong shape for the endpoint. */
    private static Response unreadableJson(JsonProcessingException e) {
        String message;
        if (e instanceof JsonParseException parse) {
            message = "The body is not valid JSON: " + parse.getOriginalMessage()
                    + (parse.getLocation() == null ? "" : " (line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ")");
        } else if (String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
            message = "The body is not valid JSON: it ends before its last value is complete";
        } else if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            message = "The JSON body does not have the expected shape at '" + path(mapping)
                    + "'; see docs/api.md for this endpoint's body";
        } else {
            message = "The JSON body does not have the expected shape; see docs/api.md for this endpoint's body";
        }
        return body(new InvalidInputError(message));
    }

    /** The framework's own refusals (404, 405, 406, 415, a 400 from reading the body, ...). */
    private static Response framework(WebApplicationException web, Request request, UriInfo uri, HttpHeaders headers) {
        Response original = web.getResponse();
        int status = original.getStatus();
        if (original.hasEntity()) {
            return original;
        }
        if (web.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json); // the framework wraps what the JSON reader threw
        }
        String where = request.getMethod() + " " + uri.getRequestUri().getRawPath();
        ErrorCode code;
        String message;
        switch (status) {
            case 404 -> {
                code = ErrorCode.NOT_FOUND;
                message = "Nothing at " + where + "; see docs/api.md for the API";
            }
            case 405 -> {
                code = ErrorCode.METHOD_NOT_ALLOWED;
                message = where + " is not offered; see docs/api.md for the methods this path takes";
            }
            case 406 -> {
                code = ErrorCode.NOT_ACCEPTABLE;
                message = "This endpoint answers with application/json; the Accept header asks for "
                        + headers.getAcceptableMediaTypes();
            }
            case 415 -> {
                code = ErrorCode.UNSUPPORTED_MEDIA_TYPE;
                MediaType sent = headers.getMediaType();
                message = (sent == null ? "The request has no Content-Type" : "Content-Type " + sent + " is not taken")
                        + " by " + where + "; see docs/api.md for the types it takes";
            }
            case 401 -> {
                code = ErrorCode.UNAUTHENTICATED;
                message = "Sign in first: this needs credentials";
            }
            case 403 -> {
                code = ErrorCode.FORBIDDEN;
                message = "None of your roles may do this";
            }
            case 413 -> {
                code = ErrorCode.PAYLOAD_TOO_LARGE;
                message = "The request body is larger than the server accepts";
            }
            default -> {
                if (status >= 500) {
                    Log.errorf(web, "Unexpected framework error on %s", where);
                    code = ErrorCode.INTERNAL;
                    message = "Internal error; see the server log";
                } else {
                    code = ErrorCode.INVALID_INPUT;
                    message = "The request cannot be read (HTTP " + status + "): check its body, parameters and "
                            + "headers against docs/api.md";
                }
            }
        }
        // The framework's own status stands (a 4xx the table has no code for keeps its number).
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("code", code.name(), "message", message, "error", message));
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)
                    && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(v -> response.header(name, v));
            }
        });
        return response.build();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static Response body(ApiError e) {
        Response.ResponseBuilder response = Response.status(e.httpStatus());
        if (e instanceof RateLimitedError limited) {
            response.header("Retry-After", Math.max(1, (limited.retryAfterMillis() + 999) / 1000));
        }
        return response.type(MediaType.APPLICATION_JSON)
                .entity(Map.of("code", e.code().name(), "message", e.getMessage(), "error", e.getMessage())).build();
    }
}
