package dev.hone.api.datasets;

import dev.hone.api.runtime.Limits;
import dev.hone.errors.ErrorCode;
import dev.hone.ml.data.DataFiles;
import dev.hone.ml.data.DataFormatException;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.data.Profiler;
import dev.hone.ml.data.Progress;
import dev.hone.ml.data.RowSource;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.artifact.StagedArtifact;
import dev.hone.registry.common.Json;
import dev.hone.registry.common.PayloadTooLargeException;
import dev.hone.registry.dataset.DatasetService;
import dev.hone.registry.dataset.DatasetVersion;
import java.io.InputStream;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes an uploaded data file (CSV, gzip-compressed CSV or Parquet): streams it to a staging file
 * (size limit enforced while reading), then streams it once more to check and profile it (the limit
 * applies to the data after decompression too), and only then stores it and registers a version, in one transaction. A file that
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
            DataProfile profile;
            DataFiles.Format format = DataFiles.format(staged.file());
            try (RowSource rows = DataFiles.open(staged.file(), limits.uploadBytes())) {
                profile = Profiler.profile(rows, Progress.NONE);
            } catch (DataFormatException e) {
                if (e.code() == ErrorCode.PAYLOAD_TOO_LARGE) {
                    throw new PayloadTooLargeException(e.getMessage() + "; an administrator can raise it with "
                            + Limits.PREFIX + "upload-bytes");
                }
                throw e;
            }
            var result = datasets.addVersion(name, staged, format.mediaType(), profile.rowCount(),
                    profile.columns().size(), Json.write(profile), user);
            return new Ingested(result.version(), profile, result.created());
        } finally {
            store.discard(staged);
        }
    }
}
