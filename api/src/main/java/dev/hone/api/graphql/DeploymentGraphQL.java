package dev.hone.api.graphql;

import dev.hone.api.graphql.Types.ModelVersionView;
import dev.hone.registry.deploy.Deployment;
import dev.hone.registry.deploy.DeploymentService;
import dev.hone.registry.model.ModelVersion;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

/** Deployments: which versions of a model answer requests sent to a name, and in what shares. */
@GraphQLApi
@ApplicationScoped
public class DeploymentGraphQL {

    private final DeploymentService deployments;
    private final SecurityIdentity identity;

    public DeploymentGraphQL(DeploymentService deployments, SecurityIdentity identity) {
        this.deployments = deployments;
        this.identity = identity;
    }

    @Name("Deployment")
    @Description("The versions of one model that answer requests sent to a name: POST "
            + "/api/deployments/{name}/predict, or the Open Inference Protocol at /v2/models/{name}/infer")
    public record DeploymentView(@NonNull String name, @NonNull String model, @NonNull ModelVersionView stable,
            @Description("The version answering canaryPercent of the requests") ModelVersionView canary,
            @Description("Share of requests the canary answers, 0 to 100") double canaryPercent,
            @Description("Whether each caller always gets the same version (callers on the canary stay on it as "
                    + "its share grows)") boolean sticky,
            @Description("A version sent a copy of every request, answering nobody; compared in metrics")
            ModelVersionView shadow,
            @Description("Requests a second each caller may send to this deployment on average; null: only the "
                    + "installation's prediction limit") Double ratePerSecond,
            @Description("Requests a caller may send at once before ratePerSecond applies") Double burst,
            @Description("Whether answers give labels only, never class probabilities, whoever calls")
            boolean labelsOnly,
            @NonNull Instant updatedAt, @NonNull String updatedBy) {

        static DeploymentView of(Deployment d, Map<Long, ModelVersion> versions) {
            ModelVersion stable = versions.get(d.stableVersionId);
            return new DeploymentView(d.name, stable.model.name, ModelVersionView.of(stable), view(versions,
                    d.canaryVersionId), d.canaryPercent, d.sticky, view(versions, d.shadowVersionId), d.ratePerSecond,
                    d.burst, d.labelsOnly, d.updatedAt, d.updatedBy);
        }

        private static ModelVersionView view(Map<Long, ModelVersion> versions, Long id) {
            return id == null ? null : ModelVersionView.of(versions.get(id));
        }
    }

    private DeploymentView view(Deployment d) {
        return DeploymentView.of(d, deployments.versions(List.of(d)));
    }

    @Query("deployments")
    @Description("Every deployment, by name")
    @RequiresPermission(Permission.READ)
    public @NonNull List<@NonNull DeploymentView> list() {
        List<Deployment> all = deployments.list();
        Map<Long, ModelVersion> versions = deployments.versions(all);
        return all.stream().map(d -> DeploymentView.of(d, versions)).toList();
    }

    @Query("deployment")
    @Description("One deployment by name")
    @RequiresPermission(Permission.READ)
    public @NonNull DeploymentView deployment(@NonNull String name) {
        return view(deployments.find(name));
    }

    @Mutation("createDeployment")
    @Description("Creates a deployment answering every request with one version (READY, not rejected)")
    @RequiresPermission(Permission.DEPLOY)
    public @NonNull DeploymentView create(@NonNull String name, @NonNull String model, int version) {
        return view(deployments.create(name, model, version, user()));
    }

    @Mutation("setCanary")
    @Description("Sends percent (0 to 100) of the deployment's requests to another version of its model; sticky: "
            + "each caller always gets the same version")
    @RequiresPermission(Permission.DEPLOY)
    public @NonNull DeploymentView setCanary(@NonNull String deployment, int version, double percent,
            @DefaultValue("false") boolean sticky) {
        return view(deployments.setCanary(deployment, version, percent, sticky, user()));
    }

    @Mutation("setShadow")
    @Description("Sends a copy of every request to a version that answers nobody (its agreement is in metrics); "
            + "without version, removes the shadow")
    @RequiresPermission(Permission.DEPLOY)
    public @NonNull DeploymentView setShadow(@NonNull String deployment, Integer version) {
        return view(deployments.setShadow(deployment, version, user()));
    }

    @Mutation("setDeploymentProtection")
    @Description("Protects a deployment against copying by querying: each caller's request rate (requests a second, "
            + "and a burst, default one second's worth; without ratePerSecond only the installation's prediction limit "
            + "applies) and answers with labels only, whoever calls")
    @RequiresPermission(Permission.DEPLOY)
    public @NonNull DeploymentView setProtection(@NonNull String deployment, Double ratePerSecond, Double burst,
            @DefaultValue("false") boolean labelsOnly) {
        return view(deployments.setProtection(deployment, ratePerSecond, burst, labelsOnly, user()));
    }

    @Mutation("promoteCanary")
    @Description("Makes the canary the stable version, answering every request")
    @RequiresPermission(Permission.DEPLOY)
    public @NonNull DeploymentView promote(@NonNull String deployment) {
        return view(deployments.promoteCanary(deployment, user()));
    }

    @Mutation("removeCanary")
    @Description("Takes the canary out: the stable version answers every request again")
    @RequiresPermission(Permission.DEPLOY)
    public @NonNull DeploymentView removeCanary(@NonNull String deployment) {
        return view(deployments.removeCanary(deployment, user()));
    }

    @Mutation("deleteDeployment")
    @Description("Deletes a deployment; its name stops answering. The model versions stay")
    @RequiresPermission(Permission.DEPLOY)
    public boolean delete(@NonNull String name) {
        deployments.delete(name);
        return true;
    }

    private String user() {
        return identity.getPrincipal().getName();
    }
}
