package dev.hone.api.predict;

import dev.hone.api.error.InvalidInputError;
import dev.hone.api.error.RateLimitedError;
import dev.hone.api.runtime.Limits;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.security.ratelimit.RateLimiter;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RoleMatrix;
import dev.hone.serving.ModelServer;
import dev.hone.serving.Prediction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Prediction as the API offers it, over GraphQL and REST alike: rate-limited per client, answered
 * by a servable version (see {@link ModelRegistryService#resolveForServing}), and with class
 * probabilities only for callers who may read the registry (a plain model consumer gets labels,
 * which makes copying the model by querying it harder).
 */
@ApplicationScoped
public class Predictions {

    private final ModelRegistryService registry;
    private final ModelServer server;
    private final RateLimiter limiter;
    private final SecurityIdentity identity;
    private final Limits limits;

    public Predictions(ModelRegistryService registry, ModelServer server, RateLimiter limiter,
            SecurityIdentity identity, Limits limits) {
        this.registry = registry;
        this.server = server;
        this.limiter = limiter;
        this.identity = identity;
        this.limits = limits;
    }

    /** Predictions together with the version that made them. */
    public record Result(ModelVersion version, List<Prediction> predictions) {
    }

    public Result predict(String model, Integer version, String alias, List<Map<String, String>> rows) {
        if (rows != null && rows.size() > limits.predictionRows()) {
            throw InvalidInputError.overLimit("rows", rows.size(), limits.predictionRows(),
                    Limits.PREFIX + "prediction-rows");
        }
        String client = identity.getPrincipal().getName();
        RateLimiter.Decision decision = limiter.tryAcquire(client);
        if (!decision.allowed()) {
            throw new RateLimitedError("Too many prediction calls from '" + client + "'; try again in "
                    + decision.retryAfterMillis() + " ms", decision.retryAfterMillis());
        }
        ModelVersion v = registry.resolveForServing(model, version, alias);
        List<Prediction> predictions = server.predict(v, rows);
        if (!RoleMatrix.allows(identity.getRoles(), Permission.READ)) {
            predictions = predictions.stream()
                    .map(p -> new Prediction(p.label(), p.value(), Map.of(), p.imputed())).toList();
        }
        return new Result(v, predictions);
    }
}
