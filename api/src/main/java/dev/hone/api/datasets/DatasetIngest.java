package dev.hone.api.datasets;

import dev.hone.api.runtime.Limits;
import dev.hone.ml.data.CsvReader;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.Profiler;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.artifact.StagedArtifact;
import dev.hone.registry.common.Json;
import dev.hone.registry.common.PayloadTooLargeException;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.dataset.DatasetVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes an uploaded CSV: streams it to a staging file (size limit enforced while reading), parses
 * and profiles it, and only then stores it and registers a version, in one transaction. A file that
 * fails any check, or a write that fails, leaves nothing behind: no artifact file or row, no data
 * set, no version.
 */
@ApplicationScoped
public class DatasetIngest {

    private final ArtifactStore store;
    private final DatasetService datasets;
    private final Limits limits;

    public DatasetIngest(ArtifactStore store, DatasetService datasets, Limits limits) {
        this.store = store;
        this.datasets = datasets;
        this.limits = limits;
    }

    /** The stored version, its profile, and whether this upload created it. */
    public record Ingested(DatasetVersion version, DataProfile profile, boolean created) {
    }

    public Ingested ingest(String name, InputStream content, String user) {
        DatasetService.validateName(name);
        StagedArtifact staged;
        try {
            staged = store.stage(content, limits.uploadBytes());
        } catch (PayloadTooLargeException e) {
            throw new PayloadTooLargeException(e.getMessage() + "; an administrator can raise it with "
                    + Limits.PREFIX + "upload-bytes");
        }
        try {
            DataTable table;
            try (InputStream in = Files.newInputStream(staged.file())) {
                table = CsvReader.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DataProfile profile = Profiler.profile(table);
            var result = datasets.addVersion(name, staged, "text/csv", table.rowCount(), table.columns().size(),
                    Json.write(profile), user);
            return new Ingested(result.version(), profile, result.created());
        } finally {
            store.discard(staged);
        }
    }
}
