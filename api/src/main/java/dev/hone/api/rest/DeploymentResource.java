package dev.hone.api.rest;

import dev.hone.api.error.InvalidInputError;
import dev.hone.api.predict.DeploymentFeedback;
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
    private final DeploymentFeedback feedback;

    public DeploymentResource(Predictions predictions, DeploymentFeedback feedback) {
        this.predictions = predictions;
        this.feedback = feedback;
    }

    /**
     * Response body: the version that answered, its role in the deployment (stable or canary), and
     * one id per prediction for sending its ground truth to {@code feedback}.
     */
    public record DeploymentResponse(String deployment, String model, int version, String role,
            List<Prediction> predictions, List<String> predictionIds) {
    }

    /** Request body of feedback. */
    public record FeedbackRequest(List<DeploymentFeedback.Feedback> feedback) {
    }

    /** Response body of feedback: how many were counted. */
    public record FeedbackResponse(int counted) {
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
                answer.result().predictions(), answer.predictionIds());
    }

    @POST
    @Path("/{deployment}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.PREDICT)
    public FeedbackResponse feedback(@PathParam("deployment") String deployment, FeedbackRequest request) {
        if (request == null) {
            throw new InvalidInputError("The body needs 'feedback': a list of {predictionId, label or value}");
        }
        return new FeedbackResponse(feedback.feedback(deployment, request.feedback()));
    }
}
