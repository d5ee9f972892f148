package dev.hone.serving;

import dev.hone.ml.data.Values;
import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.ModelDescriptor;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.preprocess.TaskType;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.Json;
import dev.hone.registry.model.ModelVersion;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers predictions for registered model versions: applies the version's stored transform, then
 * its model. Loaded versions stay in a small LRU cache; artifacts are immutable, so a cached
 * version is never stale.
 */
@ApplicationScoped
public class ModelServer {

    /** Rows a refusal names at most, so that a bad batch of 1,000 rows gets a readable message. */
    private static final int MAX_ROWS_NAMED = 5;

    private final ArtifactStore store;
    private final ServingConfig config;
    private final Map<Long, LoadedModel> cache;

    public ModelServer(ArtifactStore store, ServingConfig config) {
        this.store = store;
        this.config = config;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, LoadedModel> eldest) {
                if (size() > config.cacheSize()) {
                    eldest.getValue().model().close();
                    return true;
                }
                return false;
            }
        };
    }

    /** A model version ready to predict. The MLP is safe for concurrent predictions. */
    record LoadedModel(FittedTransform transform, MlpModel model) {
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
        LoadedModel loaded = load(version);
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
        float[][] out = loaded.model().predictRaw(x);
        List<Prediction> predictions = new ArrayList<>(out.length);
        boolean classifier = loaded.transform().task() == TaskType.CLASSIFICATION;
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

    private synchronized LoadedModel load(ModelVersion version) {
        LoadedModel loaded = cache.get(version.id);
        if (loaded == null) {
            FittedTransform transform = FittedTransform.fromJson(store.read(version.transformSha));
            MlpModel model = Json.read(version.parametersJson, ModelDescriptor.class).load(store.read(version.weightsSha));
            loaded = new LoadedModel(transform, model);
            cache.put(version.id, loaded);
        }
        return loaded;
    }

    @PreDestroy
    synchronized void close() {
        cache.values().forEach(l -> l.model().close());
        cache.clear();
    }
}
