package dev.hone.serving;

import dev.hone.ml.data.Values;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.ServableModels;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.model.ModelVersion;
import dev.hone.vocabulary.Task;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers predictions for registered model versions: applies the version's stored transform, then
 * its model, of whatever {@link ModelKind} the version records, read by the one loader
 * ({@link ServableModels}). Loaded versions stay in a small LRU {@link ModelCache}; artifacts are
 * immutable, so a cached version is never stale. Each prediction holds a lease on its model, so an
 * eviction never closes a model that another request is still predicting with.
 */
@ApplicationScoped
public class ModelServer {

    /** Rows a refusal names at most, so that a bad batch of 1,000 rows gets a readable message. */
    private static final int MAX_ROWS_NAMED = 5;

    private final ArtifactStore store;
    private final ModelCache<Long, LoadedModel> cache;

    public ModelServer(ArtifactStore store, ServingConfig config) {
        this.store = store;
        this.cache = new ModelCache<>(config.cacheSize());
    }

    /** A model version ready to predict: safe for concurrent predictions. */
    record LoadedModel(FittedTransform transform, ServableModel model) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * Predicts rows given as column-to-value maps. Each row must name every column the model
     * reads: a column left out is refused (a row of {@code {}} must not get a confident answer made
     * of imputed values), while a null, empty or missing-marker value ("NA", "?", ...) is imputed
     * the way training imputed it, and each prediction lists the columns it imputed. Unknown
     * columns are refused. Only servable versions predict ({@link ModelVersion#servingRefusal()}).
     */
    public List<Prediction> predict(ModelVersion version, List<Map<String, String>> rows) {
        String refusal = version.servingRefusal();
        if (refusal != null) {
            throw new InvalidInputException(refusal);
        }
        if (rows == null || rows.isEmpty()) {
            throw new InvalidInputException("Give at least one row to predict");
        }
        try (var lease = cache.acquire(version.id, () -> load(version))) {
            return predict(lease.value(), rows);
        }
    }

    private static List<Prediction> predict(LoadedModel loaded, List<Map<String, String>> rows) {
        List<String> expected = loaded.transform().inputColumns();
        List<String> lacking = new ArrayList<>();
        int rowsLacking = 0;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            if (row == null) {
                throw new InvalidInputException("Row " + (i + 1) + " is null; give a column-to-value object");
            }
            for (String column : row.keySet()) {
                if (!expected.contains(column)) {
                    throw new InvalidInputException("Row " + (i + 1) + " has unknown column '" + column
                            + "'; the model expects " + expected);
                }
            }
            List<String> missing = expected.stream().filter(c -> !row.containsKey(c)).toList();
            if (!missing.isEmpty() && rowsLacking++ < MAX_ROWS_NAMED) {
                lacking.add("row " + (i + 1) + " lacks " + missing);
            }
        }
        if (rowsLacking > 0) {
            throw new InvalidInputException("Every row must give each column the model reads, " + expected
                    + " (give null or \"\" for an unknown value, which is then imputed): " + String.join("; ", lacking)
                    + (rowsLacking > lacking.size() ? "; and " + (rowsLacking - lacking.size()) + " more rows" : ""));
        }
        float[][] x;
        try {
            x = loaded.transform().transform(rows);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        float[][] out = loaded.model().predict(x);
        List<Prediction> predictions = new ArrayList<>(out.length);
        boolean classifier = loaded.transform().task() == Task.CLASSIFICATION;
        List<String> labels = loaded.transform().classLabels();
        for (int r = 0; r < out.length; r++) {
            float[] row = out[r];
            Map<String, String> input = rows.get(r);
            List<String> imputed = expected.stream().filter(c -> Values.isMissing(input.get(c))).toList();
            if (classifier) {
                Map<String, Double> probabilities = new LinkedHashMap<>();
                int best = 0;
                for (int c = 0; c < row.length; c++) {
                    probabilities.put(labels.get(c), (double) row[c]);
                    if (row[c] > row[best]) {
                        best = c;
                    }
                }
                predictions.add(new Prediction(labels.get(best), null, probabilities, imputed));
            } else {
                predictions.add(new Prediction(null, loaded.transform().decodeRegression(row[0]), Map.of(), imputed));
            }
        }
        return predictions;
    }

    /**
     * Reads a version's transform and model from the artifact store: serving's side of the one
     * loader. A version whose model cannot be read is refused, naming the version and the reason.
     */
    private LoadedModel load(ModelVersion version) {
        FittedTransform transform = FittedTransform.fromJson(store.read(version.transformSha));
        ServableModel model;
        try {
            model = ServableModels.load(ModelKind.parse(version.kind), version.parametersJson,
                    store.read(version.weightsSha));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Version " + version.version + " of model '" + version.model.name
                    + "' cannot be served: " + e.getMessage(), e);
        }
        return new LoadedModel(transform, model);
    }

    /** Counts of the model cache, for tests and metrics. */
    ModelCache.Stats cacheStats() {
        return cache.stats();
    }

    @PreDestroy
    void close() {
        cache.close();
    }
}
