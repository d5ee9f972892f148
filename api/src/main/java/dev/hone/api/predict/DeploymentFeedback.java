package dev.hone.api.predict;

import dev.hone.api.error.InvalidInputError;
import dev.hone.api.runtime.Limits;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.deploy.DeploymentService;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.serving.DeploymentStats;
import dev.hone.serving.ModelServer;
import dev.hone.serving.PredictionIds;
import dev.hone.serving.ServingDirectory;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ground truth sent back for a deployment's earlier predictions (by the ids its answers carry), counted against the
 * versions that made them for the canary analysis. Rate-limited as predictions are.
 */
@ApplicationScoped
public class DeploymentFeedback {

    private final ServingDirectory directory;
    private final ModelServer server;
    private final Predictions predictions;
    private final SecurityIdentity identity;
    private final Limits limits;
    private final DeploymentStats stats;
    private final PredictionIds predictionIds;
    private final ModelRegistryService registry;

    public DeploymentFeedback(ServingDirectory directory, ModelServer server, Predictions predictions,
            SecurityIdentity identity, Limits limits, DeploymentStats stats, PredictionIds predictionIds,
            ModelRegistryService registry) {
        this.directory = directory;
        this.server = server;
        this.predictions = predictions;
        this.identity = identity;
        this.limits = limits;
        this.stats = stats;
        this.predictionIds = predictionIds;
        this.registry = registry;
    }

    /** Ground truth for one earlier prediction: its id, and the true label or value. */
    public record Feedback(String predictionId, String label, Double value) {
    }

    /**
     * Counts ground truth for a deployment's earlier predictions against the versions that made them
     * (a classifier's right or wrong, a regressor's squared error), for the canary analysis. Each id
     * must be one this installation gave out for this deployment; a classifier's feedback gives
     * {@code label}, a regressor's {@code value}.
     *
     * @return how many were counted
     */
    public int feedback(String name, List<Feedback> items) {
        if (items == null || items.isEmpty()) {
            throw new InvalidInputError("Give at least one {predictionId, label or value}");
        }
        if (items.size() > limits.predictionRows()) {
            throw InvalidInputError.overLimit("feedback", items.size(), limits.predictionRows(),
                    Limits.PREFIX + "prediction-rows");
        }
        predictions.acquire(identity.getPrincipal().getName());
        DeploymentService.Resolved d = directory.deployment(name)
                .orElseThrow(() -> new NotFoundException("Deployment '" + name + "' does not exist"));
        record Counted(long versionId, boolean correct, double squaredError) {
        }
        List<Counted> counted = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Feedback f = items.get(i);
            String where = "Feedback " + (i + 1) + ": ";
            if (f == null || !seen.add(String.valueOf(f.predictionId()))) {
                throw new InvalidInputError(where + (f == null ? "is null" : "repeats prediction id " + f.predictionId()));
            }
            PredictionIds.Issued issued;
            try {
                issued = predictionIds.verify(f.predictionId());
            } catch (InvalidInputException e) {
                throw new InvalidInputError(where + e.getMessage());
            }
            if (issued.deploymentId() != d.deployment().id) {
                throw new InvalidInputError(where + "the prediction was made by another deployment");
            }
            if (issued.label() >= 0) {
                if (f.label() == null) {
                    throw new InvalidInputError(where + "give the true 'label' of a classifier's prediction");
                }
                ModelVersion v = versionOf(d, issued.versionId());
                List<String> classes = server.signature(v).classes();
                counted.add(new Counted(issued.versionId(), issued.label() < classes.size()
                        && classes.get(issued.label()).equals(f.label()), 0));
            } else {
                if (f.value() == null || !Double.isFinite(f.value())) {
                    throw new InvalidInputError(where + "give the true 'value' (a finite number) of a regressor's "
                            + "prediction");
                }
                double e = f.value() - issued.value();
                counted.add(new Counted(issued.versionId(), false, e * e));
            }
        }
        for (Counted c : counted) {
            stats.feedback(name, c.versionId(), c.correct(), c.squaredError());
        }
        return counted.size();
    }

    /** The deployment's version of that id: one it names now, else (an older one) from the registry. */
    private ModelVersion versionOf(DeploymentService.Resolved d, long versionId) {
        for (ModelVersion v : Arrays.asList(d.stable(), d.canary(), d.shadow())) {
            if (v != null && v.id == versionId) {
                return v;
            }
        }
        return registry.versionById(versionId);
    }
}
