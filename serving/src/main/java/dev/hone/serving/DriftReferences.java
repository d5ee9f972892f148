package dev.hone.serving;

import dev.hone.ml.report.PassportReport;
import dev.hone.ml.report.ReportKind;
import dev.hone.ml.validation.DriftBaseline;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.Json;
import dev.hone.registry.report.ReportService;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The drift baselines of versions' passports (every input column's and the output's distribution on the
 * training rows), read once per version and kept: a passport never changes. A version without a passport
 * (its run predates the validation stage), or with one this release cannot read, has none.
 */
@ApplicationScoped
public class DriftReferences {

    /** A version's baselines with their bins, ready to count served rows in. */
    public record Reference(long versionId, DriftBaseline output, List<DriftBaseline> inputs,
            DriftBaseline.Binner outputBins, List<DriftBaseline.Binner> inputBins) {

        static Reference of(long versionId, PassportReport.DriftSection drift) {
            return new Reference(versionId, drift.output(), drift.inputs(), drift.output().binner(),
                    drift.inputs().stream().map(DriftBaseline::binner).toList());
        }
    }

    private final ReportService reports;
    private final ArtifactStore store;
    private final Map<Long, Optional<Reference>> known = new ConcurrentHashMap<>();

    public DriftReferences(ReportService reports, ArtifactStore store) {
        this.reports = reports;
        this.store = store;
    }

    /** The version's baselines; the first call per version reads its passport. */
    public Optional<Reference> of(long versionId) {
        Optional<Reference> r = known.get(versionId);
        if (r == null) {
            r = read(reports, store, versionId).map(d -> Reference.of(versionId, d));
            known.putIfAbsent(versionId, r);
        }
        return r;
    }

    /** The drift section of a version's passport, if it has a passport this release can read. */
    public static Optional<PassportReport.DriftSection> read(ReportService reports, ArtifactStore store,
            long versionId) {
        return reports.ofVersion(versionId, ReportKind.PASSPORT.name()).flatMap(report -> {
            try {
                ReportKind.readable(report.kind, report.schemaVersion);
                PassportReport p = Json.read(new String(store.read(report.artifactSha), StandardCharsets.UTF_8),
                        PassportReport.class);
                return Optional.ofNullable(p.drift()).filter(d -> d.output() != null);
            } catch (IllegalArgumentException e) {
                Log.warnf("The passport of version id %d cannot be read, so its served traffic is not compared with "
                        + "it: %s", versionId, e.getMessage());
                return Optional.empty();
            }
        });
    }
}
