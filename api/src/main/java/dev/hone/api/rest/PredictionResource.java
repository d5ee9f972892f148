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

/** Predictions over plain HTTP, for services that call a model without GraphQL. */
@Path("/api/models")
public class PredictionResource {

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
    public PredictResponse predict(@PathParam("model") String model, @QueryParam("version") Integer version,
            @QueryParam("alias") String alias, PredictRequest request) {
        if (request == null || request.rows() == null) {
            throw new InvalidInputError("The body needs 'rows': a list of column-to-value objects");
        }
        var result = predictions.predict(model, version, alias, request.rows());
        return new PredictResponse(result.version().model.name, result.version().version, result.predictions());
    }
}
