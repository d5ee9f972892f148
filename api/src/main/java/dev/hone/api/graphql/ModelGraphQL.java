package dev.hone.api.graphql;

import dev.hone.api.error.ForbiddenError;
import dev.hone.api.error.InvalidInputError;
import dev.hone.api.graphql.Inputs.CellInput;
import dev.hone.api.graphql.Types.AliasView;
import dev.hone.api.graphql.Types.ClassProbability;
import dev.hone.api.graphql.Types.DatasetVersionView;
import dev.hone.api.graphql.Types.ModelPage;
import dev.hone.api.graphql.Types.ModelVersionView;
import dev.hone.api.graphql.Types.ModelView;
import dev.hone.api.graphql.Types.PageInfo;
import dev.hone.api.graphql.Types.PredictionView;
import dev.hone.api.graphql.Types.RunView;
import dev.hone.api.graphql.Types.TagView;
import dev.hone.registry.common.Json;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.model.ApprovalStatus;
import dev.hone.registry.model.ModelAlias;
import dev.hone.registry.model.ModelRegistryService;
import dev.hone.registry.run.RunService;
import dev.hone.security.roles.Permission;
import dev.hone.security.roles.RequiresPermission;
import dev.hone.security.roles.RoleMatrix;
import dev.hone.api.predict.Predictions;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** The model registry: models, versions, aliases, tags, and predictions. */
@GraphQLApi
@ApplicationScoped
public class ModelGraphQL {

    @Inject
    Paging paging;

    private final ModelRegistryService registry;
    private final RunService runs;
    private final DatasetService datasets;
    private final Predictions predictions;
    private final SecurityIdentity identity;

    public ModelGraphQL(ModelRegistryService registry, RunService runs, DatasetService datasets,
            Predictions predictions, SecurityIdentity identity) {
        this.registry = registry;
        this.runs = runs;
        this.datasets = datasets;
        this.predictions = predictions;
        this.identity = identity;
    }

    @Query("models")
    @Description("Registered models by name, one page at a time")
    @RequiresPermission(Permission.READ)
    public @NonNull ModelPage models(@DefaultValue("0") int page, @DefaultValue("20") int size) {
        paging.check(page, size);
        return new ModelPage(registry.models(page, size).stream().map(ModelView::of).toList(),
                new PageInfo(page, size, registry.countModels()));
    }

    @Query("model")
    @Description("One registered model by name")
    @RequiresPermission(Permission.READ)
    public @NonNull ModelView model(@NonNull String name) {
        return ModelView.of(registry.model(name));
    }

    @Query("modelVersion")
    @Description("A model version by number or alias (not both); the latest ready version when neither is given")
    @RequiresPermission(Permission.READ)
    public @NonNull ModelVersionView modelVersion(@NonNull String model, Integer version, String alias) {
        return ModelVersionView.of(registry.resolve(model, version, alias));
    }

    @Query("predict")
    @Description("Predicts rows with a model version, applying the transform fitted at training time. By number "
            + "or alias; with neither, the version the production alias points at, else the latest READY version "
            + "that was not rejected. Rejected and non-READY versions are refused. Each row gives every column "
            + "the model reads as column/value cells; a null or empty value is imputed and listed in 'imputed'. "
            + "Rate-limited per caller; class probabilities only for callers who may read the registry.")
    @RequiresPermission(Permission.PREDICT)
    public @NonNull List<@NonNull PredictionView> predict(@NonNull String model, Integer version, String alias,
            @NonNull List<@NonNull List<@NonNull CellInput>> rows) {
        List<Map<String, String>> maps = rows.stream().map(ModelGraphQL::toMap).toList();
        Predictions.Result result = predictions.predict(model, version, alias, maps);
        return result.predictions().stream()
                .map(p -> new PredictionView(result.version().model.name, result.version().version, p.label(),
                        p.value(), p.probabilities().entrySet().stream()
                        .map(e -> new ClassProbability(e.getKey(), e.getValue())).toList(), p.imputed()))
                .toList();
    }

    static Map<String, String> toMap(List<CellInput> cells) {
        Map<String, String> row = new LinkedHashMap<>();
        for (CellInput c : cells) {
            if (row.containsKey(c.column)) {
                throw new InvalidInputError("Column '" + c.column + "' appears twice in one row");
            }
            row.put(c.column, c.value);
        }
        return row;
    }

    @Mutation("setAlias")
    @Description("Points an alias at a version, creating or moving it. The protected aliases production and "
            + "champion need the APPROVE permission and an APPROVED version.")
    @RequiresPermission(Permission.SET_ALIAS)
    public @NonNull AliasView setAlias(@NonNull String model, @NonNull String alias, int version) {
        if (ModelRegistryService.PROTECTED_ALIASES.contains(alias)
                && !RoleMatrix.allows(identity.getRoles(), Permission.APPROVE)) {
            throw new ForbiddenError("Alias '" + alias + "' is protected: moving it needs permission APPROVE, which "
                    + RoleMatrix.rolesGranting(Permission.APPROVE) + " grant");
        }
        ModelAlias a = registry.setAlias(model, alias, version, identity.getPrincipal().getName());
        return AliasView.of(a, version);
    }

    @Mutation("approveModelVersion")
    @Description("Approves a PENDING version for promotion. Whoever started the run that produced it cannot.")
    @RequiresPermission(Permission.APPROVE)
    public @NonNull ModelVersionView approveModelVersion(@NonNull String model, int version, String comment) {
        return ModelVersionView.of(registry.decide(model, version, ApprovalStatus.APPROVED,
                identity.getPrincipal().getName(), comment));
    }

    @Mutation("rejectModelVersion")
    @Description("Rejects a PENDING version, with the reason. Whoever started the run that produced it cannot.")
    @RequiresPermission(Permission.APPROVE)
    public @NonNull ModelVersionView rejectModelVersion(@NonNull String model, int version, @NonNull String comment) {
        return ModelVersionView.of(registry.decide(model, version, ApprovalStatus.REJECTED,
                identity.getPrincipal().getName(), comment));
    }

    @Mutation("setTag")
    @Description("Sets or replaces a key/value tag on a model version")
    @RequiresPermission(Permission.TAG)
    public @NonNull TagView setTag(@NonNull String model, int version, @NonNull String key, @NonNull String value) {
        return TagView.of(registry.setTag(model, version, key, value));
    }

    @Description("Versions of the model, newest first")
    public List<@NonNull List<@NonNull ModelVersionView>> versions(@Source List<ModelView> models) {
        var byModel = registry.versionsOf(models.stream().map(ModelView::id).toList());
        return models.stream()
                .map(m -> byModel.getOrDefault(m.id(), List.of()).stream().map(ModelVersionView::of).toList())
                .toList();
    }

    @Description("Aliases of the model")
    public List<@NonNull List<@NonNull AliasView>> aliases(@Source List<ModelView> models) {
        var byModel = registry.aliasesOf(models.stream().map(ModelView::id).toList());
        var versionNumbers = registry.versionsById(byModel.values().stream().flatMap(List::stream)
                .map(a -> a.modelVersionId).distinct().toList());
        return models.stream()
                .map(m -> byModel.getOrDefault(m.id(), List.of()).stream()
                        .map(a -> AliasView.of(a, versionNumbers.get(a.modelVersionId).version)).toList())
                .toList();
    }

    @Name("aliases")
    @Description("Aliases that point at this version")
    public List<@NonNull List<@NonNull String>> versionAliases(@Source List<ModelVersionView> versions) {
        var byVersion = registry.aliasesOfVersions(versions.stream().map(ModelVersionView::id).toList());
        return versions.stream()
                .map(v -> byVersion.getOrDefault(v.id(), List.of()).stream().map(a -> a.alias).toList())
                .toList();
    }

    @Description("Who may not approve or reject this version (four eyes): everyone who started an attempt of "
            + "the run that produced it, the first start or a restart")
    public List<@NonNull List<@NonNull String>> ineligibleApprovers(@Source List<ModelVersionView> versions) {
        var byVersion = registry.ineligibleDeciders(versions.stream().map(ModelVersionView::id).toList());
        return versions.stream().map(v -> byVersion.getOrDefault(v.id(), List.of())).toList();
    }

    @Description("Tags of this version")
    public List<@NonNull List<@NonNull TagView>> tags(@Source List<ModelVersionView> versions) {
        var byVersion = registry.tagsOf(versions.stream().map(ModelVersionView::id).toList());
        return versions.stream()
                .map(v -> byVersion.getOrDefault(v.id(), List.of()).stream().map(TagView::of).toList())
                .toList();
    }

    @Description("Lineage: the run that produced this version")
    public List<@NonNull RunView> run(@Source List<ModelVersionView> versions) {
        var byId = runs.byIds(versions.stream().map(ModelVersionView::runId).distinct().toList());
        return versions.stream().map(v -> RunView.of(byId.get(v.runId()))).toList();
    }

    @Name("datasetVersion")
    @Description("Lineage: the data set version this version learned from")
    public List<@NonNull DatasetVersionView> versionDataset(@Source List<ModelVersionView> versions) {
        var byId = datasets.versionsById(versions.stream().map(ModelVersionView::datasetVersionId).distinct().toList());
        return versions.stream().map(v -> DatasetVersionView.of(byId.get(v.datasetVersionId()))).toList();
    }
}
