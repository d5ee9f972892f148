package dev.hone.serving;

import dev.hone.ml.data.ColumnType;
import dev.hone.ml.data.Values;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.ServableModels;
import dev.hone.ml.validation.Calibration;
import dev.hone.ml.validation.KernelShap;
import dev.hone.ml.validation.Passport;
import dev.hone.registry.artifact.ArtifactStore;
import dev.hone.registry.common.InvalidInputException;
import dev.hone.registry.model.ModelVersion;
import dev.hone.vocabulary.Task;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
    private final Function<String, ServingConfig.ModelSettings> settings;
    private final PredictionMetrics metrics;

    @Inject
    public ModelServer(ArtifactStore store, ServingConfig config, PredictionMetrics metrics) {
        this(store, config.cacheSize(), config::settingsOf, metrics);
    }

    /**
     * @param loadedVersions model versions kept loaded
     * @param settings each model's batching and response cache, by model name
     */
    ModelServer(ArtifactStore store, int loadedVersions, Function<String, ServingConfig.ModelSettings> settings,
            PredictionMetrics metrics) {
        this.store = store;
        this.cache = new ModelCache<>(loadedVersions);
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * A model version ready to predict: safe for concurrent predictions. Rows its response cache
     * holds are answered from it; the others by its batcher when batching is on, else by the model.
     */
    record LoadedModel(FittedTransform transform, ServableModel model, Double temperature, Batcher batcher,
            ResponseCache responses, PredictionMetrics.CacheCounters counters) implements AutoCloseable {

        LoadedModel(FittedTransform transform, ServableModel model) {
            this(transform, model, null, null, null, null);
        }

        /** The model's outputs, a classifier's probabilities scaled by the version's temperature when it has one. */
        float[][] predict(float[][] x) {
            float[][] out = model.predict(x);
            return temperature == null || !model.classifier() ? out : Calibration.scale(out, temperature);
        }

        /** As {@link #predict}, through the response cache and the batcher where the version has them. */
        float[][] answer(float[][] x) {
            if (responses == null) {
                return batched(x);
            }
            float[][] out = new float[x.length][];
            int misses = 0;
            for (int r = 0; r < x.length; r++) {
                out[r] = responses.get(x[r]);
                misses += out[r] == null ? 1 : 0;
            }
            counters.count(x.length - misses, misses);
            if (misses > 0) {
                float[][] missed = new float[misses][];
                int[] at = new int[misses];
                for (int r = 0, m = 0; r < x.length; r++) {
                    if (out[r] == null) {
                        at[m] = r;
                        missed[m++] = x[r];
                    }
                }
                float[][] computed = batched(missed);
                for (int m = 0; m < misses; m++) {
                    out[at[m]] = computed[m];
                    responses.put(missed[m], computed[m]);
                }
            }
            return out;
        }

        private float[][] batched(float[][] x) {
            return batcher == null ? predict(x) : batcher.predict(x);
        }

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

    /** Rows one explain call may ask for: each costs thousands of predictions (KernelSHAP's coalitions). */
    public static final int MAX_EXPLAINED_ROWS = 20;

    /** One row's attributions per input column (the transform's input columns, in order). */
    public record Explanation(String output, double prediction, double baseline, List<String> columns,
            double[] values) {
    }

    /**
     * KernelSHAP attributions of rows (given as {@link #predict} takes them) over the version's input columns,
     * against {@code background}: transformed rows standing for "absent" (its passport's). Any version with
     * artifacts may be explained, a rejected one included: an approver asks why.
     */
    public List<Explanation> explain(ModelVersion version, List<Map<String, String>> rows, float[][] background) {
        if (rows == null || rows.isEmpty()) {
            throw new InvalidInputException("Give at least one row to explain");
        }
        if (rows.size() > MAX_EXPLAINED_ROWS) {
            throw new InvalidInputException("Explain at most " + MAX_EXPLAINED_ROWS + " rows per call (each costs "
                    + "thousands of predictions); got " + rows.size());
        }
        try (var lease = cache.acquire(version.id, () -> load(version))) {
            LoadedModel loaded = lease.value();
            if (background[0].length != loaded.transform().featureCount()) {
                throw new IllegalStateException("Version " + version.version + "'s passport background has "
                        + background[0].length + " features; its transform makes " + loaded.transform().featureCount());
            }
            float[][] x = features(loaded, rows);
            List<Explanation> out = new ArrayList<>(x.length);
            for (int r = 0; r < x.length; r++) {
                KernelShap.Explanation e = Passport.shap(loaded.transform(), loaded::predict, x[r], background, r);
                out.add(new Explanation(Passport.explained(loaded.transform()), e.prediction(), e.baseline(),
                        loaded.transform().inputColumns(), e.values()));
            }
            return out;
        }
    }

    /** What the version reads and answers; loads it when it is not loaded yet. */
    public InferenceProtocol.Signature signature(ModelVersion version) {
        try (var lease = cache.acquire(version.id, () -> load(version))) {
            FittedTransform t = lease.value().transform();
            Map<String, String> types = new LinkedHashMap<>();
            for (FittedTransform.ColumnTransform c : t.columnTransforms()) {
                types.put(c.column(), c.type() == ColumnType.NUMERIC ? "FP64" : c.type() == ColumnType.BOOLEAN
                        ? InferenceProtocol.BOOL : InferenceProtocol.BYTES);
            }
            return new InferenceProtocol.Signature(t.inputColumns(),
                    t.inputColumns().stream().map(c -> types.getOrDefault(c, InferenceProtocol.BYTES)).toList(),
                    t.task(), t.task() == Task.CLASSIFICATION ? t.classLabels() : List.of());
        }
    }

    private static List<Prediction> predict(LoadedModel loaded, List<Map<String, String>> rows) {
        float[][] out = loaded.answer(features(loaded, rows));
        List<String> expected = loaded.transform().inputColumns();
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

    /** The rows as model inputs, each checked to give every column the model reads and no other. */
    private static float[][] features(LoadedModel loaded, List<Map<String, String>> rows) {
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
        try {
            return loaded.transform().transform(rows);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
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
        String name = version.model.name;
        String number = Integer.toString(version.version);
        ServingConfig.ModelSettings own = settings.apply(name);
        LoadedModel[] self = new LoadedModel[1];
        Batcher batcher = own.batchMaxRows() <= 1 ? null : new Batcher(own.batchMaxRows(),
                own.batchMaxWait().toNanos(), x -> self[0].predict(x),
                (rows, requests) -> metrics.batch(name, number, rows, requests));
        ResponseCache responses = own.cacheEntries() == 0 ? null
                : new ResponseCache(own.cacheEntries(), own.cacheTtl().toNanos());
        self[0] = new LoadedModel(transform, model, version.temperature, batcher, responses,
                responses == null ? null : metrics.cacheCounters(name, number));
        return self[0];
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
