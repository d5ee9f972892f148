package dev.hone.activities.pipeline;

import dev.hone.ml.data.DataFiles;
import dev.hone.ml.data.DataProfile;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.data.Profiler;
import dev.hone.ml.data.Progress;
import dev.hone.ml.data.RowSource;
import dev.hone.ml.data.TableFile;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.servable.ServableArtifact;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.ServableModels;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes the artifacts that stages hand each other. */
@ApplicationScoped
class ArtifactIO {

    static final String JSON = "application/json";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ArtifactIO.class);

    private final ArtifactStore store;

    ArtifactIO(ArtifactStore store) {
        this.store = store;
    }

    /** Fails at once, naming the store and the reason, when the store cannot take what the work will write. */
    void checkWritable() {
        store.checkWritable();
    }

    /**
     * Reads a stored split. Splits are table files; runs of earlier releases stored them as CSV,
     * which is still read (profiled, then loaded: two passes over the stored text).
     */
    DataTable readTable(String sha) {
        try (InputStream in = new BufferedInputStream(store.open(sha), 1 << 16)) {
            in.mark(TableFile.headLength());
            byte[] head = in.readNBytes(TableFile.headLength());
            in.reset();
            if (TableFile.isTableFile(head)) {
                return TableFile.read(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return readDataset(sha, null, Progress.NONE);
    }

    /**
     * Reads a stored data set file (any upload format) into columns of the types its profile
     * gives; without a profile, profiles it first (one more pass over the file).
     */
    DataTable readDataset(String sha, DataProfile profile, Progress progress) {
        if (profile == null) {
            try (RowSource rows = DataFiles.open(store.open(sha))) {
                profile = Profiler.profile(rows, progress);
            }
        }
        try (RowSource rows = DataFiles.open(store.open(sha))) {
            return DataTable.read(rows, profile, progress);
        }
    }

    /** Stores a table as a table file, streamed through a temporary file rather than held as bytes. */
    String writeTable(DataTable table) {
        Path file = null;
        try {
            file = Files.createTempFile("hone-table-", ".bin");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                TableFile.write(table, out);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return store.put(in, Long.MAX_VALUE, TableFile.MEDIA_TYPE).sha256();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // The stored artifact is what counts; a leftover temporary file is only reported.
                    LOG.warn("Could not delete the temporary file {}: {}", file, e.toString());
                }
            }
        }
    }

    String writeJson(Object value) {
        return store.put(Json.write(value).getBytes(java.nio.charset.StandardCharsets.UTF_8), JSON).sha256();
    }

    /** A JSON artifact (a report) as the record it was written from. */
    <T> T readJson(String sha, Class<T> type) {
        return Json.read(new String(store.read(sha), java.nio.charset.StandardCharsets.UTF_8), type);
    }

    FittedTransform readTransform(String sha) {
        return FittedTransform.fromJson(store.read(sha));
    }

    String writeTransform(FittedTransform transform) {
        return store.put(transform.toJson(), JSON).sha256();
    }

    /** Stores a model's artifact content in its kind's format; returns the artifact reference. */
    String writeModel(ServableArtifact model) {
        return store.put(model.content(), model.kind().mediaType()).sha256();
    }

    /**
     * Loads a stored model through the one loader that serving uses too ({@link ServableModels});
     * the caller closes it.
     */
    /** A stored model's artifact, unloaded. */
    ServableArtifact readArtifact(ModelKind kind, String descriptor, String contentSha) {
        return new ServableArtifact(kind, descriptor, store.read(contentSha));
    }

    ServableModel readModel(ModelKind kind, String descriptor, String contentSha) {
        return ServableModels.load(kind, descriptor, store.read(contentSha));
    }
}
