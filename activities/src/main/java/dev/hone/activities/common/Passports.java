package dev.hone.activities.common;

import dev.hone.ml.report.PassportReport;
import dev.hone.ml.report.ReportKind;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.Json;
import dev.hone.registry.report.ReportService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A version's passport, read from its report (the rollout analysis and drift monitors judge served traffic by it). */
@ApplicationScoped
public class Passports {

    private final ReportService reports;
    private final ArtifactStore store;

    public Passports(ReportService reports, ArtifactStore store) {
        this.reports = reports;
        this.store = store;
    }

    /** The version's passport, if it has one this release reads. */
    public Optional<PassportReport> of(long versionId) {
        return reports.ofVersion(versionId, ReportKind.PASSPORT.name()).map(report -> {
            ReportKind.readable(report.kind, report.schemaVersion);
            return Json.read(new String(store.read(report.artifactSha), StandardCharsets.UTF_8), PassportReport.class);
        });
    }
}
