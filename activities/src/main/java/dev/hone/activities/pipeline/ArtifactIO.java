package dev.hone.activities.pipeline;

import dev.hone.ml.data.CsvReader;
import dev.hone.ml.data.CsvWriter;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.servable.ServableArtifact;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.ServableModels;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads and writes the artifacts that stages hand each other. */
@ApplicationScoped
class ArtifactIO {

    static final String CSV = "text/csv";
    static final String JSON = "application/json";

    private final ArtifactStore store;

    ArtifactIO(ArtifactStore store) {
        this.store = store;
    }

    /** Fails at once, naming the store and the reason, when the store cannot take what the work will write. */
    void checkWritable() {
        store.checkWritable();
    }

    DataTable readTable(String sha) {
        try (InputStream in = store.open(sha)) {
            return CsvReader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String writeTable(DataTable table) {
        return store.put(CsvWriter.write(table), CSV).sha256();
    }

    String writeJson(Object value) {
        return store.put(Json.write(value).getBytes(java.nio.charset.StandardCharsets.UTF_8), JSON).sha256();
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
    ServableModel readModel(ModelKind kind, String descriptor, String contentSha) {
        return ServableModels.load(kind, descriptor, store.read(contentSha));
    }
}
