package dev.hone.api.rest;

import dev.hone.api.error.InvalidInputError;
import dev.hone.api.predict.Predictions;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.serving.Prediction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Predictions over plain HTTP, for services that call a model without GraphQL. */
@Path("/api/models")
public class PredictionResource {

    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,9}");

    private final Predictions predictions;

    public PredictionResource(Predictions predictions) {
        this.predictions = predictions;
    }

    /** Request body: rows as column-to-value objects. */
    public record PredictRequest(List<Map<String, String>> rows) {
    }

    /** Response body. */
    public record PredictResponse(String model, int version, List<Prediction> predictions) {
    }

    @POST
    @Path("/{model}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.PREDICT)
    public PredictResponse predict(@PathParam("model") String model, @QueryParam("version") String version,
            @QueryParam("alias") String alias, PredictRequest request) {
        if (request == null || request.rows() == null) {
            throw new InvalidInputError("The body needs 'rows': a list of column-to-value objects");
        }
        var result = predictions.predict(model, versionNumber(version), alias, request.rows());
        return new PredictResponse(result.version().model.name, result.version().version, result.predictions());
    }

    /** The version as written, or refused: JAX-RS would answer 404 for a number it cannot convert. */
    private static Integer versionNumber(String version) {
        if (version == null) {
            return null;
        }
        if (!VERSION.matcher(version).matches() || Long.parseLong(version) > Integer.MAX_VALUE) {
            throw new InvalidInputError("'version' must be a version number from 1 to " + Integer.MAX_VALUE
                    + " (digits only); got '" + version + "'");
        }
        return Integer.valueOf(version);
    }
}
