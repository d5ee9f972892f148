package dev.hone.registry.model;

import dev.hone.registry.common.EndedException;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotAllowedException;
import dev.hone.registry.common.NotFoundException;
import dev.hone.registry.db.ChangeFeed;
import dev.hone.registry.model.Repositories.ModelAliasRepository;
import dev.hone.registry.model.Repositories.ModelVersionRepository;
import dev.hone.registry.model.Repositories.ModelVersionTagRepository;
import dev.hone.registry.model.Repositories.RegisteredModelRepository;
import dev.hone.registry.report.ReportService;
import dev.hone.registry.run.RunAttempt;
import dev.hone.registry.run.RunService;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Registered models, their versions, aliases and tags. */
@ApplicationScoped
public class ModelRegistryService {

    private static final Pattern MODEL_NAME = Pattern.compile(RegisteredModel.NAME_PATTERN);
    /** The alias a prediction uses when the caller names neither a version nor an alias. */
    public static final String PRODUCTION = "production";
    /** Aliases that mean "serving": only APPROVED versions may carry them. */
    public static final java.util.Set<String> PROTECTED_ALIASES = java.util.Set.of(PRODUCTION, "champion");

    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");

    private final RegisteredModelRepository models;
    private final ModelVersionRepository versions;
    private final ModelAliasRepository aliases;
    private final ModelVersionTagRepository tags;
    private final RunService runs;
    private final ReportService reports;

    private final ChangeFeed feed;

    public ModelRegistryService(RegisteredModelRepository models, ModelVersionRepository versions,
            ModelAliasRepository aliases, ModelVersionTagRepository tags, RunService runs, ReportService reports,
            ChangeFeed feed) {
        this.feed = feed;
        this.models = models;
        this.versions = versions;
        this.aliases = aliases;
        this.tags = tags;
        this.runs = runs;
        this.reports = reports;
    }

    public static void validateModelName(String name) {
        if (name == null || !MODEL_NAME.matcher(name).matches()) {
            throw new InvalidInputException("Invalid model name '" + name + "': use 1 to 100 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
    }

    /**
     * Everything a new version records.
     *
     * @param kind the name of the model's {@code ModelKind}, e.g. FLOAT_MLP
     * @param parametersJson the model's descriptor, JSON, as its kind writes it
     * @param weightsSha the model's artifact, as its kind writes it
     * @param gateRefusal why the validation gate failed the version, which is then recorded REJECTED by
     *     {@link #VALIDATION_GATE}; null when it passed (or no gate judged it)
     * @param temperature the temperature its class probabilities are served scaled by; null for none
     */
    public record NewVersion(String modelName, String task, String kind, String parametersJson, String metricsJson,
            String validationMetricsJson, String inputSignatureJson, String classLabelsJson, long runId,
            long datasetVersionId, String transformSha, String weightsSha, List<ReportService.NewReport> reports,
            String createdBy, Long studyId, String gateRefusal, Double temperature) {

        /** A version no gate refused. */
        public NewVersion(String modelName, String task, String kind, String parametersJson, String metricsJson,
                String validationMetricsJson, String inputSignatureJson, String classLabelsJson, long runId,
                long datasetVersionId, String transformSha, String weightsSha, List<ReportService.NewReport> reports,
                String createdBy, Long studyId) {
            this(modelName, task, kind, parametersJson, metricsJson, validationMetricsJson, inputSignatureJson,
                    classLabelsJson, runId, datasetVersionId, transformSha, weightsSha, reports, createdBy, studyId,
                    null, null);
        }
    }

    /** Who rejects a version its validation gate failed (no person: the approval records the system). */
    public static final String VALIDATION_GATE = "system:validation-gate";

    /**
     * Registers a PENDING version for the current attempt of a run that {@code workflowId} still
     * runs; it becomes READY when the run succeeds ({@link RunService#succeeded}), or WITHDRAWN when
     * the run ends otherwise. Idempotent per run attempt: a second call returns the first call's version.
     *
     * @throws EndedException when the run has ended or {@code workflowId} is not its current attempt
     */
    @Transactional
    public ModelVersion register(NewVersion n, String workflowId) {
        Optional<ModelVersion> existing = registeredBy(n.runId());
        if (existing.isPresent()) {
            return existing.get();
        }
        int attempt = runs.get(n.runId()).attempt;
        runs.requireCurrent(n.runId(), workflowId);
        validateModelName(n.modelName());
        if (n.kind() == null || n.kind().isBlank()) {
            throw new InvalidInputException("A model version must name its model kind (e.g. FLOAT_MLP)");
        }
        // Two runs registering the first version of a new model at once: one creates it, the other finds it.
        models.getEntityManager().createNativeQuery("insert into registered_model (name, created_at, created_by) "
                + "values (?1, ?2, ?3) on conflict (name) do nothing")
                .setParameter(1, n.modelName()).setParameter(2, Instant.now()).setParameter(3, n.createdBy())
                .executeUpdate();
        RegisteredModel model = models.find("name", n.modelName()).firstResult();
        models.getEntityManager().lock(model, LockModeType.PESSIMISTIC_WRITE);
        Integer max = versions.getEntityManager()
                .createQuery("select max(v.version) from ModelVersion v where v.model = ?1", Integer.class)
                .setParameter(1, model).getSingleResult();
        ModelVersion v = new ModelVersion();
        v.model = model;
        v.version = max == null ? 1 : max + 1;
        v.status = ModelVersionStatus.PENDING;
        v.task = n.task();
        v.kind = n.kind();
        v.parametersJson = n.parametersJson();
        v.metricsJson = n.metricsJson();
        v.validationMetricsJson = n.validationMetricsJson();
        v.inputSignatureJson = n.inputSignatureJson();
        v.classLabelsJson = n.classLabelsJson();
        v.runId = n.runId();
        v.runAttempt = attempt;
        v.datasetVersionId = n.datasetVersionId();
        v.transformSha = n.transformSha();
        v.weightsSha = n.weightsSha();
        v.studyId = n.studyId();
        v.createdAt = Instant.now();
        v.createdBy = n.createdBy();
        if (n.temperature() != null && !(n.temperature() > 0 && Double.isFinite(n.temperature()))) {
            throw new InvalidInputException("A served temperature must be a positive number, was " + n.temperature());
        }
        v.temperature = n.temperature();
        if (n.gateRefusal() != null) {
            v.approvalStatus = ApprovalStatus.REJECTED;
            v.approvedBy = VALIDATION_GATE;
            v.approvedAt = v.createdAt;
            String comment = "Validation gate failed: " + n.gateRefusal();
            // The passport keeps every reason; the approval's comment holds what fits.
            v.approvalComment = comment.length() <= 2000 ? comment : comment.substring(0, 1997) + "...";
        }
        versions.persist(v);
        versions.flush();
        reports.recordForVersion(n.runId(), v.id, n.reports());
        return v;
    }

    /** The version an alias of a model points at, if the model and the alias exist. */
    @Transactional
    public Optional<ModelVersion> aliased(String modelName, String alias) {
        RegisteredModel m = models.find("name", modelName).firstResult();
        if (m == null) {
            return Optional.empty();
        }
        ModelAlias a = aliases.find("modelId = ?1 and alias = ?2", m.id, alias).firstResult();
        return a == null ? Optional.empty() : Optional.ofNullable(versions.findById(a.modelVersionId));
    }

    /** The version the current attempt of a run registered, if it did. */
    @Transactional
    public Optional<ModelVersion> registeredBy(long runId) {
        return versions.find("runId = ?1 and runAttempt = ?2", runId, runs.get(runId).attempt).firstResultOptional();
    }

    @Transactional
    public RegisteredModel model(String name) {
        return models.find("name", name).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("Model '" + name + "' does not exist"));
    }

    @Transactional
    public List<RegisteredModel> models(int page, int size) {
        return models.findAll(Sort.by("name")).page(Page.of(page, size)).list();
    }

    @Transactional
    public long countModels() {
        return models.count();
    }

    @Transactional
    public ModelVersion versionById(long id) {
        ModelVersion v = versions.findById(id);
        if (v == null) {
            throw new NotFoundException("Model version " + id + " does not exist");
        }
        return v;
    }

    /**
     * Resolves a version by number or by alias (at most one of them); with neither, the latest
     * READY version.
     */
    @Transactional
    public ModelVersion resolve(String modelName, Integer version, String alias) {
        RegisteredModel m = model(modelName);
        if (version != null && alias != null) {
            throw new InvalidInputException("Give either a version or an alias, not both");
        }
        if (alias != null) {
            ModelAlias a = aliases.find("modelId = ?1 and alias = ?2", m.id, alias).firstResult();
            if (a == null) {
                throw new NotFoundException("Model '" + modelName + "' has no alias '" + alias + "'");
            }
            return versions.findById(a.modelVersionId);
        }
        if (version != null) {
            return versions.find("model = ?1 and version = ?2", m, version).firstResultOptional()
                    .orElseThrow(() -> new NotFoundException("Model '" + modelName + "' has no version " + version));
        }
        return versions.find("model = ?1 and status = ?2 order by version desc", m, ModelVersionStatus.READY)
                .firstResultOptional()
                .orElseThrow(() -> new NotFoundException("Model '" + modelName + "' has no ready version"));
    }

    /**
     * The version a prediction uses: by number or alias; with neither, the version the
     * {@code production} alias points at, else the latest READY version that was not rejected.
     * Refuses a version that may not serve (see {@link ModelVersion#servingRefusal()}).
     */
    @Transactional
    public ModelVersion resolveForServing(String modelName, Integer version, String alias) {
        if (version != null || alias != null) {
            ModelVersion v = resolve(modelName, version, alias);
            refuseUnservable(v, alias == null ? "" : " (alias '" + alias + "' points at it)");
            return v;
        }
        RegisteredModel m = model(modelName);
        ModelAlias production = aliases.find("modelId = ?1 and alias = ?2", m.id, PRODUCTION).firstResult();
        if (production != null) {
            // Never fall back to an unapproved version while production is set: refuse instead.
            ModelVersion v = versions.findById(production.modelVersionId);
            refuseUnservable(v, " (alias '" + PRODUCTION + "' points at it, and a call without version or alias "
                    + "uses that alias)");
            return v;
        }
        return versions.find("model = ?1 and status = ?2 and approvalStatus <> ?3 order by version desc", m,
                ModelVersionStatus.READY, ApprovalStatus.REJECTED).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("Model '" + modelName + "' has no version to serve: it has no '"
                        + PRODUCTION + "' alias and no READY version that was not rejected"));
    }

    private static void refuseUnservable(ModelVersion v, String how) {
        String refusal = v.servingRefusal();
        if (refusal != null) {
            throw new InvalidInputException(refusal + how);
        }
    }

    /** Versions of many models, newest first, in one query. */
    @Transactional
    public Map<Long, List<ModelVersion>> versionsOf(Collection<Long> modelIds) {
        if (modelIds.isEmpty()) {
            return Map.of();
        }
        return versions.list("model.id in ?1 order by model.id, version desc", modelIds).stream()
                .collect(Collectors.groupingBy(v -> v.model.id, LinkedHashMap::new, Collectors.toList()));
    }

    /** Aliases of many models in one query. */
    @Transactional
    public Map<Long, List<ModelAlias>> aliasesOf(Collection<Long> modelIds) {
        if (modelIds.isEmpty()) {
            return Map.of();
        }
        return aliases.list("modelId in ?1 order by alias", modelIds).stream()
                .collect(Collectors.groupingBy(a -> a.modelId, LinkedHashMap::new, Collectors.toList()));
    }

    /** Aliases pointing at each of many versions, in one query. */
    @Transactional
    public Map<Long, List<ModelAlias>> aliasesOfVersions(Collection<Long> versionIds) {
        if (versionIds.isEmpty()) {
            return Map.of();
        }
        return aliases.list("modelVersionId in ?1 order by alias", versionIds).stream()
                .collect(Collectors.groupingBy(a -> a.modelVersionId, LinkedHashMap::new, Collectors.toList()));
    }

    /** Tags of many versions in one query. */
    @Transactional
    public Map<Long, List<ModelVersionTag>> tagsOf(Collection<Long> versionIds) {
        if (versionIds.isEmpty()) {
            return Map.of();
        }
        return tags.list("modelVersionId in ?1 order by key", versionIds).stream()
                .collect(Collectors.groupingBy(t -> t.modelVersionId, LinkedHashMap::new, Collectors.toList()));
    }

    @Transactional
    public Map<Long, ModelVersion> versionsById(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return versions.list("id in ?1", ids).stream().collect(Collectors.toMap(v -> v.id, v -> v));
    }

    /** Points an alias at a READY version, creating or moving it. */
    @Transactional
    public ModelAlias setAlias(String modelName, String alias, int version, String user) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new InvalidInputException("Invalid alias '" + alias
                    + "': use 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter");
        }
        ModelVersion v = resolve(modelName, version, null);
        if (v.status != ModelVersionStatus.READY) {
            throw new InvalidInputException("Version " + version + " of model '" + modelName + "' is " + v.status
                    + "; only READY versions can carry an alias");
        }
        if (PROTECTED_ALIASES.contains(alias) && v.approvalStatus != ApprovalStatus.APPROVED) {
            throw new NotAllowedException("Alias '" + alias + "' is protected: version " + version + " of model '"
                    + modelName + "' is " + v.approvalStatus + ", and only APPROVED versions may carry it");
        }
        ModelAlias a = aliases.find("modelId = ?1 and alias = ?2", v.model.id, alias).firstResult();
        if (a == null) {
            a = new ModelAlias();
            a.modelId = v.model.id;
            a.alias = alias;
        }
        a.modelVersionId = v.id;
        a.updatedAt = Instant.now();
        a.updatedBy = user;
        aliases.persist(a);
        feed.changedHere("model_alias");
        return a;
    }

    /**
     * Four eyes: who may not approve or reject each of these versions, in the order they first
     * started an attempt of the run that produced it (the first start and every restart).
     */
    @Transactional
    public Map<Long, List<String>> ineligibleDeciders(Collection<Long> versionIds) {
        Map<Long, ModelVersion> byId = versionsById(versionIds);
        Map<Long, List<RunAttempt>> attempts = runs.attemptsOf(byId.values().stream().map(v -> v.runId).distinct()
                .toList());
        Map<Long, List<String>> result = new HashMap<>();
        for (ModelVersion v : byId.values()) {
            Set<String> names = new LinkedHashSet<>();
            attempts.getOrDefault(v.runId, List.of()).forEach(a -> names.add(a.startedBy));
            names.add(v.createdBy); // the run's creator; only matters for runs recorded before attempts were
            result.put(v.id, List.copyOf(names));
        }
        return result;
    }

    /**
     * Approves or rejects a PENDING version. Four eyes: nobody who started an attempt of the run
     * that produced the version may decide on it.
     */
    @Transactional
    public ModelVersion decide(String modelName, int version, ApprovalStatus decision, String user, String comment) {
        if (decision == ApprovalStatus.PENDING) {
            throw new InvalidInputException("A decision is APPROVED or REJECTED");
        }
        if (decision == ApprovalStatus.REJECTED && (comment == null || comment.isBlank())) {
            throw new InvalidInputException("Say why in 'comment' when rejecting a version");
        }
        if (comment != null && comment.length() > 2000) {
            throw new InvalidInputException("'comment' may have at most 2000 characters");
        }
        ModelVersion v = resolve(modelName, version, null);
        models.getEntityManager().lock(v, LockModeType.PESSIMISTIC_WRITE);
        List<String> ineligible = ineligibleDeciders(List.of(v.id)).get(v.id);
        if (ineligible.contains(user)) {
            throw new NotAllowedException("Version " + version + " of model '" + modelName + "' comes from run "
                    + v.runId + ", and " + user + " started an attempt of it (started by " + String.join(", ", ineligible)
                    + "); nobody who started a run may decide on its version (four eyes), so another approver must");
        }
        if (v.approvalStatus != ApprovalStatus.PENDING) {
            throw new InvalidInputException("Version " + version + " of model '" + modelName + "' was already "
                    + v.approvalStatus + " by " + v.approvedBy + " at " + v.approvedAt);
        }
        v.approvalStatus = decision;
        v.approvedBy = user;
        v.approvedAt = Instant.now();
        v.approvalComment = comment;
        feed.changedHere("model_version");
        return v;
    }

    /** Sets (or replaces) a tag on a version. */
    @Transactional
    public ModelVersionTag setTag(String modelName, int version, String key, String value) {
        if (key == null || !TAG_KEY.matcher(key).matches()) {
            throw new InvalidInputException("Invalid tag key '" + key + "': use 1 to 100 letters, digits or ._:/-");
        }
        if (value == null || value.length() > 1000) {
            throw new InvalidInputException("Tag value must be given and at most 1000 characters long");
        }
        ModelVersion v = resolve(modelName, version, null);
        ModelVersionTag t = tags.find("modelVersionId = ?1 and key = ?2", v.id, key).firstResult();
        if (t == null) {
            t = new ModelVersionTag();
            t.modelVersionId = v.id;
            t.key = key;
        }
        t.value = value;
        tags.persist(t);
        return t;
    }
}
