package dev.hone.serving;

import dev.hone.ml.model.MlpModel;
import dev.hone.ml.model.ModelDescriptor;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.preprocess.TaskType;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.common.Json;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.model.ModelVersionStatus;
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
     * Predicts rows given as column-to-value maps. Columns the model does not know are refused;
     * absent columns and null values are imputed the way training imputed them.
     */
    public List<Prediction> predict(ModelVersion version, List<Map<String, String>> rows) {
        if (version.status != ModelVersionStatus.READY) {
            throw new InvalidInputException("Model version " + version.version + " is " + version.status
                    + " and cannot predict");
        }
        if (rows == null || rows.isEmpty()) {
            throw new InvalidInputException("Give at least one row to predict");
        }
        LoadedModel loaded = load(version);
        List<String> expected = loaded.transform().inputColumns();
        for (int i = 0; i < rows.size(); i++) {
            for (String column : rows.get(i).keySet()) {
                if (!expected.contains(column)) {
                    throw new InvalidInputException("Row " + (i + 1) + " has unknown column '" + column
                            + "'; the model expects " + expected);
                }
            }
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
        for (float[] row : out) {
            if (classifier) {
                Map<String, Double> probabilities = new LinkedHashMap<>();
                int best = 0;
                for (int c = 0; c < row.length; c++) {
                    probabilities.put(labels.get(c), (double) row[c]);
                    if (row[c] > row[best]) {
                        best = c;
                    }
                }
                predictions.add(new Prediction(labels.get(best), null, probabilities));
            } else {
                predictions.add(new Prediction(null, loaded.transform().decodeRegression(row[0]), Map.of()));
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
