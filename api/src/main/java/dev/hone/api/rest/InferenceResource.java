package dev.hone.api.rest;

import dev.hone.api.auth.RequestIds;
import dev.hone.api.error.InvalidInputError;
import dev.hone.api.predict.Predictions;
import dev.hone.registry.db.ChangeFeed;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.model.ModelVersionStatus;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.security.roles.RoleMatrix;
import dev.hone.serving.InferenceProtocol;
import dev.hone.serving.InferenceProtocol.InferenceRequest;
import dev.hone.serving.InferenceProtocol.InferenceResponse;
import dev.hone.serving.InferenceProtocol.ModelMetadata;
import dev.hone.serving.InferenceProtocol.Signature;
import dev.hone.serving.ModelServer;
import dev.hone.serving.ServingDirectory;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Open Inference Protocol v2 over REST (KServe, Triton): health, model metadata and readiness,
 * and inference with named tensors (see {@link InferenceProtocol}). A version segment is a version
 * number or an alias ({@code /v2/models/iris/versions/production/infer}); without one, the model
 * answers as {@code POST /api/models/{model}/predict} does, unless a deployment has that name: then
 * the deployment's routing picks the version (stable or canary), named in the answer's
 * {@code model_version} and {@code parameters}. Errors have the protocol's
 * {@code {"error": "..."}} beside Hone's {@code code} and {@code message}.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class InferenceResource {

    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,9}");

    private final Predictions predictions;
    private final ServingDirectory directory;
    private final ModelServer server;
    private final ModelRegistryService registry;
    private final ChangeFeed feed;
    private final SecurityIdentity identity;
    private final RequestIds requestIds;
    private final String version;

    public InferenceResource(Predictions predictions, ServingDirectory directory, ModelServer server,
            ModelRegistryService registry, ChangeFeed feed, SecurityIdentity identity, RequestIds requestIds,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.predictions = predictions;
        this.directory = directory;
        this.server = server;
        this.registry = registry;
        this.feed = feed;
        this.identity = identity;
        this.requestIds = requestIds;
        this.version = version;
    }

    /** Server metadata. */
    public record ServerMetadata(String name, String version, List<String> extensions) {
    }

    @GET
    @PermitAll
    public ServerMetadata server() {
        return new ServerMetadata("hone", version, List.of());
    }

    @GET
    @Path("/health/live")
    @PermitAll
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    /** Ready when the registry can be read without delay: the database answers its change feed. */
    @GET
    @Path("/health/ready")
    @PermitAll
    public Response ready() {
        boolean ready = feed.live();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Path("/models/{model}")
    @RequiresPermission(Permission.PREDICT)
    public ModelMetadata metadata(@PathParam("model") String model) {
        return metadata(model, null);
    }

    @GET
    @Path("/models/{model}/versions/{version}")
    @RequiresPermission(Permission.PREDICT)
    public ModelMetadata metadata(@PathParam("model") String model, @PathParam("version") String version) {
        ModelVersion v = resolve(model, version);
        List<String> versions = version != null ? List.of(Integer.toString(v.version))
                : registry.versionsOf(List.of(v.model.id)).getOrDefault(v.model.id, List.of()).stream()
                        .filter(x -> x.status == ModelVersionStatus.READY && x.servingRefusal() == null)
                        .map(x -> Integer.toString(x.version)).toList();
        return InferenceProtocol.metadata(v.model.name, versions, server.signature(v), mayReadProbabilities());
    }

    /** Whether the model (version) may answer now; asking loads it, so the first inference does not wait. */
    @GET
    @Path("/models/{model}/ready")
    @RequiresPermission(Permission.PREDICT)
    public Map<String, Object> modelReady(@PathParam("model") String model) {
        return modelReady(model, null);
    }

    @GET
    @Path("/models/{model}/versions/{version}/ready")
    @RequiresPermission(Permission.PREDICT)
    public Map<String, Object> modelReady(@PathParam("model") String model, @PathParam("version") String version) {
        ModelVersion v = resolve(model, version);
        server.signature(v);
        return Map.of("name", v.model.name, "ready", true);
    }

    @POST
    @Path("/models/{model}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.PREDICT)
    public InferenceResponse infer(@PathParam("model") String model, InferenceRequest request) {
        return infer(model, null, request);
    }

    @POST
    @Path("/models/{model}/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(Permission.PREDICT)
    public InferenceResponse infer(@PathParam("model") String model, @PathParam("version") String version,
            InferenceRequest request) {
        if (request == null) {
            throw new InvalidInputError("The body needs an inference request: {\"inputs\": [{\"name\", \"shape\", "
                    + "\"datatype\", \"data\"}, ...]}");
        }
        Signature[] signature = new Signature[1];
        Function<ModelVersion, List<Map<String, String>>> rows = v -> {
            signature[0] = server.signature(v);
            return InferenceProtocol.rows(request, signature[0]);
        };
        Predictions.Result result;
        Map<String, Object> parameters = null;
        List<String> predictionIds = null;
        if (version == null && directory.deployment(model).isPresent()) {
            // A deployment's name: its routing picks the version, and the answer says which and why.
            Predictions.DeploymentResult routed = predictions.predictDeployment(model, rows);
            result = routed.result();
            parameters = Map.of("deployment", model, "role", routed.role());
            predictionIds = routed.predictionIds();
        } else {
            result = predictions.predict(model, number(version), alias(version), rows);
        }
        ModelVersion v = result.version();
        return new InferenceResponse(version == null && parameters != null ? model : v.model.name,
                Integer.toString(v.version), request.id() != null ? request.id() : requestIds.current(), parameters,
                InferenceProtocol.outputs(result.predictions(), signature[0], request.outputs(), result.probabilities(),
                        predictionIds));
    }

    /** The version named; without one, a deployment's stable version when the name is a deployment's. */
    private ModelVersion resolve(String model, String version) {
        if (version == null) {
            var deployment = directory.deployment(model);
            if (deployment.isPresent()) {
                return deployment.get().stable();
            }
        }
        return directory.resolve(model, number(version), alias(version));
    }

    private boolean mayReadProbabilities() {
        return RoleMatrix.allows(identity.getRoles(), Permission.READ);
    }

    private static Integer number(String version) {
        if (version == null || !Character.isDigit(version.charAt(0))) {
            return null;
        }
        if (!NUMBER.matcher(version).matches() || Long.parseLong(version) > Integer.MAX_VALUE) {
            throw new InvalidInputError("A version segment is a version number from 1 to " + Integer.MAX_VALUE
                    + " or an alias; got '" + version + "'");
        }
        return Integer.valueOf(version);
    }

    private static String alias(String version) {
        return version == null || Character.isDigit(version.charAt(0)) ? null : version;
    }
}
