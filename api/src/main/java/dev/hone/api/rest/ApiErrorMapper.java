package dev.hone.api.rest;

import dev.hone.api.error.ApiError;
import dev.hone.api.error.ApiErrors;
import dev.hone.api.error.RateLimitedError;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** REST errors: a status and {@code {"code", "message"}}, never a stack trace. */
public class ApiErrorMapper {

    @ServerExceptionMapper
    public Response apiError(ApiError e) {
        return body(e);
    }

    @ServerExceptionMapper
    public Response domainError(RuntimeException e) {
        if (e instanceof WebApplicationException web) {
            return web.getResponse();
        }
        ApiError error = ApiErrors.translate(e);
        if (error == null) {
            Log.errorf(e, "Unexpected error");
            return Response.serverError().type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("code", "INTERNAL", "message", "Internal error; see the server log")).build();
        }
        return body(error);
    }

    private static Response body(ApiError e) {
        Response.ResponseBuilder response = Response.status(e.httpStatus());
        if (e instanceof RateLimitedError limited) {
            response.header("Retry-After", Math.max(1, (limited.retryAfterMillis() + 999) / 1000));
        }
        return response.type(MediaType.APPLICATION_JSON)
                .entity(Map.of("code", e.code(), "message", e.getMessage())).build();
    }
}
