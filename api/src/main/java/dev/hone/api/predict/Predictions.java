package dev.hone.api.predict;

import dev.hone.api.auth.RequestIds;
import dev.hone.api.error.InvalidInputError;
import dev.hone.api.error.RateLimitedError;
import dev.hone.api.runtime.Limits;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.deploy.Deployment;
import dev.hone.registry.deploy.DeploymentService;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.security.audit.AuditLog;
import dev.hone.security.ratelimit.RateLimiter;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RoleMatrix;
import dev.hone.serving.CanaryRouting;
import dev.hone.serving.DeploymentStats;
import dev.hone.serving.ExtractionWatch;
import dev.hone.serving.ModelServer;
import dev.hone.serving.Prediction;
import dev.hone.serving.PredictionIds;
import dev.hone.serving.PredictionMetrics;
import dev.hone.serving.PredictionMetrics.Outcome;
import dev.hone.serving.ServingDirectory;
import dev.hone.serving.ShadowTraffic;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Prediction as the API offers it, over GraphQL and REST alike: rate-limited per client, answered
 * by a servable version (see {@link ModelRegistryService#resolveForServing}, remembered by the
 * {@link ServingDirectory}: no database query once known), and with class probabilities only for
 * callers who may read the registry (a plain model consumer gets labels, which makes copying the
 * model by querying it harder). Every call is counted in {@link PredictionMetrics}. A deployment may
 * add its own limit per caller and answer labels only, whoever calls; its callers' rows are watched
 * for the query patterns of model extraction ({@link ExtractionWatch}), and a caller flagged is audited.
 */
@ApplicationScoped
public class Predictions {

    private final ServingDirectory directory;
    private final ModelServer server;
    private final RateLimiter limiter;
    private final SecurityIdentity identity;
    private final Limits limits;
    private final PredictionMetrics metrics;
    private final ShadowTraffic shadow;
    private final DeploymentStats stats;
    private final PredictionIds predictionIds;
    private final ExtractionWatch watch;
    private final AuditLog audit;
    private final RequestIds requestIds;

    public Predictions(ServingDirectory directory, ModelServer server, RateLimiter limiter,
            SecurityIdentity identity, Limits limits, PredictionMetrics metrics, ShadowTraffic shadow,
            DeploymentStats stats, PredictionIds predictionIds, ExtractionWatch watch,
            AuditLog audit, RequestIds requestIds) {
        this.directory = directory;
        this.server = server;
        this.limiter = limiter;
        this.identity = identity;
        this.limits = limits;
        this.metrics = metrics;
        this.shadow = shadow;
        this.stats = stats;
        this.predictionIds = predictionIds;
        this.watch = watch;
        this.audit = audit;
        this.requestIds = requestIds;
    }

    /**
     * Predictions together with the version that made them; {@code probabilities} tells whether
     * the caller may see class probabilities (else they are left out).
     */
    public record Result(ModelVersion version, List<Prediction> predictions, boolean probabilities) {
    }

    public Result predict(String model, Integer version, String alias, List<Map<String, String>> rows) {
        if (rows != null && rows.size() > limits.predictionRows()) {
            // Refused before anything else: no rate-limit token, no model name looked up.
            throw tooManyRows(rows.size());
        }
        return predict(model, version, alias, v -> rows);
    }

    private InvalidInputError tooManyRows(int rows) {
        return InvalidInputError.overLimit("rows", rows, limits.predictionRows(), Limits.PREFIX + "prediction-rows");
    }

    /**
     * As {@link #predict(String, Integer, String, List)}, with the rows made for the version that
     * answers (tensors are read by its signature).
     */
    public Result predict(String model, Integer version, String alias,
            Function<ModelVersion, List<Map<String, String>>> rowsFor) {
        long start = System.nanoTime();
        String client = identity.getPrincipal().getName();
        ModelVersion v = null;
        try {
            acquire(client);
            v = directory.resolve(model, version, alias);
            return answer(v, rowsFor.apply(v), client, start, false);
        } catch (RuntimeException e) {
            countRefusal(v, client, e, start);
            throw e;
        }
    }

    /**
     * A deployment's answer: the version its routing chose, in the {@code role} stable or canary,
     * and one id per row for sending its ground truth later ({@link DeploymentFeedback}).
     */
    public record DeploymentResult(String deployment, String role, Result result, List<String> predictionIds) {
    }


    /**
     * Predictions of a deployment: its canary answers its share of requests, the stable version the
     * rest; its shadow version, if any, gets a copy afterwards.
     */
    public DeploymentResult predictDeployment(String name, Function<ModelVersion, List<Map<String, String>>> rowsFor) {
        long start = System.nanoTime();
        String client = identity.getPrincipal().getName();
        ModelVersion v = null;
        String role = "stable";
        String deployment = PredictionMetrics.UNRESOLVED;
        try {
            acquire(client);
            DeploymentService.Resolved d = directory.deployment(name)
                    .orElseThrow(() -> new NotFoundException("Deployment '" + name + "' does not exist"));
            deployment = name;
            acquire(d.deployment(), client);
            boolean canary = CanaryRouting.toCanary(d, client);
            role = canary ? "canary" : "stable";
            v = canary ? d.canary() : d.stable();
            // Loaded before the version's clock starts: a first request's load is not its serving latency.
            server.signature(v);
            long serving = System.nanoTime();
            List<Map<String, String>> rows = rowsFor.apply(v);
            Result result;
            try {
                result = answer(v, rows, client, start, d.deployment().labelsOnly);
            } catch (RuntimeException e) {
                // The version's failures count against it; a caller's bad rows do not.
                if (outcomeOf(e) == Outcome.ERROR || v.servingRefusal() != null) {
                    stats.failed(name, v);
                }
                throw e;
            }
            stats.answered(name, v, d.canary() != null ? d.canary() : d.stable(), serving, rows, result.predictions());
            watch.observe(name, client, rows).ifPresent(this::audit);
            metrics.deployment(name, Integer.toString(v.version), role, Outcome.OK, start);
            if (d.shadow() != null) {
                shadow.copy(name, d.shadow(), rows, result.predictions());
            }
            return new DeploymentResult(name, role, result, ids(d.deployment().id, v, result.predictions()));
        } catch (RuntimeException e) {
            countRefusal(v, client, e, start);
            metrics.deployment(deployment, v == null ? PredictionMetrics.UNRESOLVED : Integer.toString(v.version),
                    role, outcomeOf(e), start);
            throw e;
        }
    }

    private List<String> ids(long deploymentId, ModelVersion v, List<Prediction> predictions) {
        List<String> classes = server.signature(v).classes();
        return predictions.stream().map(p -> p.label() != null
                ? predictionIds.issue(deploymentId, v.id, classes.indexOf(p.label()), 0)
                : predictionIds.issue(deploymentId, v.id, -1, p.value())).toList();
    }

    /** One call from the caller's installation-wide bucket (predictions and feedback alike); refused when empty. */
    void acquire(String client) {
        RateLimiter.Decision decision = limiter.tryAcquire(client);
        if (!decision.allowed()) {
            throw new RateLimitedError("Too many prediction calls from '" + client + "'; try again in "
                    + decision.retryAfterMillis() + " ms", decision.retryAfterMillis(), decision.firstRefusal());
        }
    }

    /** A deployment's own limit on each caller, when it has one. */
    private void acquire(Deployment d, String client) {
        if (d.ratePerSecond == null) {
            return;
        }
        RateLimiter.Decision decision = limiter.tryAcquire("deployment " + d.name, client, d.ratePerSecond, d.burst);
        if (!decision.allowed()) {
            throw new RateLimitedError("Too many requests to deployment '" + d.name + "' from '" + client + "' (it "
                    + "allows " + d.ratePerSecond + " a second); try again in " + decision.retryAfterMillis() + " ms",
                    decision.retryAfterMillis(), decision.firstRefusal());
        }
    }

    /**
     * Records a caller the extraction watch flagged. The request was answered already: a failure to record is
     * logged (with the flag, which metrics counted too), not turned into a failed prediction.
     */
    private void audit(ExtractionWatch.Flag flag) {
        String detail = String.format(Locale.ROOT, "Of the caller's last %d rows, %d differed from one of its "
                + "previous rows in one column only and %d nearly repeated one: the query pattern of copying a model "
                + "by querying it", flag.rows(), flag.oneColumn(), flag.nearDuplicates());
        try {
            audit.append(flag.caller(), identity.getRoles(), "extractionSuspected", "deployment " + flag.deployment(),
                    AuditLog.Outcome.SUCCEEDED, detail, requestIds.current());
        } catch (RuntimeException e) {
            Log.errorf(e, "Could not audit caller '%s' of deployment '%s' flagged for extraction: %s", flag.caller(),
                    flag.deployment(), detail);
        }
    }

    /**
     * {@code v}'s predictions of {@code rows}, counted, probabilities left out unless the caller may read them and
     * {@code labelsOnly} is false.
     */
    private Result answer(ModelVersion v, List<Map<String, String>> rows, String client, long start,
            boolean labelsOnly) {
        if (rows != null && rows.size() > limits.predictionRows()) {
            throw tooManyRows(rows.size());
        }
        List<Prediction> predictions = server.predict(v, rows);
        boolean probabilities = !labelsOnly && RoleMatrix.allows(identity.getRoles(), Permission.READ);
        if (!probabilities) {
            predictions = predictions.stream()
                    .map(p -> new Prediction(p.label(), p.value(), Map.of(), p.imputed())).toList();
        }
        metrics.record(v.model.name, Integer.toString(v.version), client, Outcome.OK, predictions.size(), start);
        return new Result(v, predictions, probabilities);
    }

    private void countRefusal(ModelVersion v, String client, RuntimeException e, long start) {
        metrics.record(v == null ? PredictionMetrics.UNRESOLVED : v.model.name,
                v == null ? PredictionMetrics.UNRESOLVED : Integer.toString(v.version), client, outcomeOf(e), 0, start);
    }

    private static Outcome outcomeOf(RuntimeException e) {
        if (e instanceof RateLimitedError) {
            return Outcome.RATE_LIMITED;
        }
        if (e instanceof NotFoundException) {
            return Outcome.NOT_FOUND;
        }
        return e instanceof InvalidInputException || e instanceof InvalidInputError ? Outcome.INVALID : Outcome.ERROR;
    }
}
