package dev.hone.api.rest;

import dev.hone.api.error.InvalidInputError;
import dev.hone.api.predict.Predictions;
import dev.hone.api.rest.PredictionResource.PredictRequest;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.serving.Prediction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Predictions through a deployment: its routing picks the version, and the answer names it. */
@Path("/api/deployments")
public class DeploymentResource {

    private final Predictions predictions;

    public DeploymentResource(Predictions predictions) {
        this.predictions = predictions;
    }

    /** Response body: the version that answered and its role in the deployment (stable or canary). */
    public record DeploymentResponse(String deployment, String model, int version, String role,
            List<Prediction> predictions) {
    }

    @POST
    @Path("/{deployment}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.PREDICT)
    public DeploymentResponse predict(@PathParam("deployment") String deployment, PredictRequest request) {
        if (request == null || request.rows() == null) {
            throw new InvalidInputError("The body needs 'rows': a list of column-to-value objects");
        }
        var answer = predictions.predictDeployment(deployment, v -> request.rows());
        var v = answer.result().version();
        return new DeploymentResponse(deployment, v.model.name, v.version, answer.role(),
                answer.result().predictions());
    }
}
