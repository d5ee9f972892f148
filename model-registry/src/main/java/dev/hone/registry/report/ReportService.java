package dev.hone.registry.report;

import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.run.RunService;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The report table. Writing is idempotent (a retried stage finds the report its first try wrote);
 * reading is in bulk, for lists of runs or versions.
 */
@ApplicationScoped
public class ReportService {

    private static final Pattern KIND = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");

    @ApplicationScoped
    public static class ReportRepository implements PanacheRepository<Report> {
    }

    /** A report to store with a new model version. */
    public record NewReport(String kind, int schemaVersion, String artifactSha) {
        public NewReport {
            if (kind == null || !KIND.matcher(kind).matches()) {
                throw new InvalidInputException("Invalid report kind '" + kind + "'");
            }
            if (schemaVersion < 1) {
                throw new InvalidInputException("Report schema versions count from 1, got " + schemaVersion);
            }
            if (artifactSha == null) {
                throw new InvalidInputException("A report needs its content artifact");
            }
        }
    }

    private final ReportRepository reports;
    private final RunService runs;

    public ReportService(ReportRepository reports, RunService runs) {
        this.reports = reports;
        this.runs = runs;
    }

    /**
     * Records a report about the data of a run that {@code workflowId} still runs; a report of that
     * kind already recorded for the run is kept (a retry or a restarted attempt of the same data).
     *
     * @throws dev.hone.registry.common.EndedException when the run has ended or is not this attempt's
     */
    @Transactional
    public Report recordForRun(long runId, String workflowId, NewReport r) {
        runs.requireCurrent(runId, workflowId);
        insert(runId, null, r);
        return reports.find("runId = ?1 and modelVersionId is null and kind = ?2", runId, r.kind()).singleResult();
    }

    /** Records a version's reports; the caller's transaction is the version's registration. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordForVersion(long runId, long modelVersionId, List<NewReport> newReports) {
        for (NewReport r : newReports) {
            insert(runId, modelVersionId, r);
        }
    }

    private void insert(long runId, Long modelVersionId, NewReport r) {
        var insert = modelVersionId == null
                ? reports.getEntityManager().createNativeQuery("insert into report (kind, schema_version, run_id, "
                        + "artifact_sha, created_at) values (?1, ?2, ?3, ?4, ?5) "
                        + "on conflict (run_id, kind) where model_version_id is null do nothing")
                : reports.getEntityManager().createNativeQuery("insert into report (kind, schema_version, run_id, "
                        + "artifact_sha, created_at, model_version_id) values (?1, ?2, ?3, ?4, ?5, ?6) "
                        + "on conflict (model_version_id, kind) where model_version_id is not null do nothing")
                        .setParameter(6, modelVersionId);
        insert.setParameter(1, r.kind()).setParameter(2, r.schemaVersion()).setParameter(3, runId)
                .setParameter(4, r.artifactSha()).setParameter(5, Instant.now()).executeUpdate();
    }

    /** Reports about the data of each of many runs, in one query. */
    @Transactional
    public Map<Long, List<Report>> ofRuns(Collection<Long> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        return reports.list("runId in ?1 and modelVersionId is null order by runId, kind", runIds).stream()
                .collect(Collectors.groupingBy(r -> r.runId, LinkedHashMap::new, Collectors.toList()));
    }

    /** Reports about each of many versions, in one query. */
    @Transactional
    public Map<Long, List<Report>> ofVersions(Collection<Long> versionIds) {
        if (versionIds.isEmpty()) {
            return Map.of();
        }
        return reports.list("modelVersionId in ?1 order by modelVersionId, kind", versionIds).stream()
                .collect(Collectors.groupingBy(r -> r.modelVersionId, LinkedHashMap::new, Collectors.toList()));
    }

    /** The report of this kind about a version, if it has one. */
    @Transactional
    public Optional<Report> ofVersion(long versionId, String kind) {
        return reports.find("modelVersionId = ?1 and kind = ?2", versionId, kind).firstResultOptional();
    }
}
