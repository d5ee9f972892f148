package dev.hone.registry.dataset;

import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.artifact.StagedArtifact;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.NotFoundException;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Data sets and their versions. */
@ApplicationScoped
public class DatasetService {

    private static final Pattern NAME = Pattern.compile(Dataset.NAME_PATTERN);

    private final DatasetRepository datasets;
    private final DatasetVersionRepository versions;
    private final ArtifactStore store;

    public DatasetService(DatasetRepository datasets, DatasetVersionRepository versions, ArtifactStore store) {
        this.datasets = datasets;
        this.versions = versions;
        this.store = store;
    }

    /** Refuses names that could not serve as identifiers (or path segments) with a clear message. */
    public static void validateName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("Invalid data set name '" + name + "': use 1 to 100 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
    }

    /**
     * Stores checked, staged content and adds it as a version in one transaction: the artifact's
     * file and row, the data set and the version are all kept, or none of them (the store takes its
     * file back out when the transaction does not commit).
     */
    @Transactional
    public VersionResult addVersion(String name, StagedArtifact staged, String mediaType, long rowCount,
            int columnCount, String profileJson, String user) {
        validateName(name);
        store.commit(staged, mediaType);
        return addVersion(name, staged.sha256(), staged.sizeBytes(), rowCount, columnCount, profileJson, user);
    }

    /**
     * Adds a version to a data set, creating the data set on first upload. Uploading content
     * identical to the latest version returns that version instead of a duplicate.
     */
    @Transactional
    public VersionResult addVersion(String name, String artifactSha, long sizeBytes, long rowCount, int columnCount,
            String profileJson, String user) {
        validateName(name);
        // Two first uploads of a new name at once: one creates the data set, the other finds it.
        datasets.getEntityManager().createNativeQuery("insert into dataset (name, created_at, created_by) "
                + "values (?1, ?2, ?3) on conflict (name) do nothing")
                .setParameter(1, name).setParameter(2, Instant.now()).setParameter(3, user).executeUpdate();
        Dataset dataset = datasets.findByName(name).orElseThrow();
        // Serialise concurrent uploads to one data set so version numbers stay dense and unique.
        datasets.getEntityManager().lock(dataset, LockModeType.PESSIMISTIC_WRITE);
        var latest = versions.latest(dataset);
        if (latest.isPresent() && latest.get().artifactSha.equals(artifactSha)) {
            return new VersionResult(latest.get(), false);
        }
        DatasetVersion v = new DatasetVersion();
        v.dataset = dataset;
        v.version = latest.map(l -> l.version + 1).orElse(1);
        v.artifactSha = artifactSha;
        v.sizeBytes = sizeBytes;
        v.rowCount = rowCount;
        v.columnCount = columnCount;
        v.profileJson = profileJson;
        v.createdAt = Instant.now();
        v.createdBy = user;
        versions.persist(v);
        return new VersionResult(v, true);
    }

    /** A stored version and whether this call created it. */
    public record VersionResult(DatasetVersion version, boolean created) {
    }

    @Transactional
    public Dataset get(String name) {
        return datasets.findByName(name)
                .orElseThrow(() -> new NotFoundException("Data set '" + name + "' does not exist"));
    }

    @Transactional
    public List<Dataset> list(int page, int size) {
        return datasets.findAll(Sort.by("name")).page(Page.of(page, size)).list();
    }

    @Transactional
    public long count() {
        return datasets.count();
    }

    @Transactional
    public DatasetVersion version(long id) {
        DatasetVersion v = versions.findById(id);
        if (v == null) {
            throw new NotFoundException("Data set version " + id + " does not exist");
        }
        return v;
    }

    /** A data set version by name and number; the latest when {@code version} is null. */
    @Transactional
    public DatasetVersion version(String name, Integer version) {
        Dataset d = get(name);
        if (version == null) {
            return versions.latest(d).orElseThrow(() -> new NotFoundException("Data set '" + name + "' has no versions"));
        }
        return versions.find(name, version)
                .orElseThrow(() -> new NotFoundException("Data set '" + name + "' has no version " + version));
    }

    /** Versions of many data sets in one query, newest first, keyed by data set id. */
    @Transactional
    public Map<Long, List<DatasetVersion>> versionsOf(Collection<Long> datasetIds) {
        if (datasetIds.isEmpty()) {
            return Map.of();
        }
        return versions.forDatasets(datasetIds).stream()
                .collect(Collectors.groupingBy(v -> v.dataset.id, java.util.LinkedHashMap::new, Collectors.toList()));
    }

    @Transactional
    public Map<Long, DatasetVersion> versionsById(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return versions.list("id in ?1", ids).stream().collect(Collectors.toMap(v -> v.id, v -> v));
    }
}
