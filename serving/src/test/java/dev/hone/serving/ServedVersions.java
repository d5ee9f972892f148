package dev.hone.serving;

import dev.hone.ml.data.DataTable;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.servable.FloatMlpFormat;
import dev.hone.ml.servable.ServableArtifact;
import dev.hone.ml.servable.ServableModel;
import dev.hone.ml.servable.ServableModels;
import dev.hone.registry.model.ApprovalStatus;
import dev.hone.registry.model.ModelVersion;
import dev.hone.registry.model.ModelVersionStatus;
import dev.hone.registry.model.RegisteredModel;
import dev.hone.vocabulary.Activation;
import dev.hone.vocabulary.Task;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Model versions as the pipeline registers them, made without it: a data table with a categorical
 * column, its fitted transform, small classifiers trained on it (each version with its own seed and
 * width, so that versions answer differently) and their artifacts in a {@link DirectoryArtifactStore}.
 */
final class ServedVersions {

    static final String MODEL = "flowers";
    static final List<String> COLUMNS = List.of("x1", "x2", "color");

    final DirectoryArtifactStore store;
    final List<ModelVersion> versions = new ArrayList<>();
    /** Rows to predict. */
    final List<Map<String, String>> rows;
    /** Per version id: the class probabilities its model gives {@link #rows}, computed without serving. */
    final Map<Long, float[][]> expected = new HashMap<>();
    final FittedTransform transform;

    ServedVersions(Path dir, int count) {
        store = new DirectoryArtifactStore(dir);
        Random random = new Random(5);
        DataTable table = table(150, random);
        transform = FittedTransform.fit(table, "species", Task.CLASSIFICATION, 20);
        String transformSha = store.put(transform.toJson(), "application/json").sha256();
        float[][] x = transform.transform(table);
        int[] y = transform.encodeClasses(table);
        rows = rows(table, 30);
        RegisteredModel model = new RegisteredModel();
        model.id = 1L;
        model.name = MODEL;
        for (int v = 1; v <= count; v++) {
            MlpConfig cfg = new MlpConfig(List.of(4 + 2 * v), Activation.RELU, 0, 0, 0.02, null, 16, 4, 4, 100 + v);
            TrainingResult r = MlpTrainer.trainClassifier(x, y, x, y, transform.classLabels().size(), cfg, null);
            ServableArtifact artifact = FloatMlpFormat.write(r, true);
            ModelVersion version = new ModelVersion();
            version.id = 10L + v;
            version.model = model;
            version.version = v;
            version.status = ModelVersionStatus.READY;
            version.approvalStatus = ApprovalStatus.APPROVED;
            version.task = Task.CLASSIFICATION.name();
            version.kind = artifact.kind().name();
            version.parametersJson = artifact.descriptor();
            version.weightsSha = store.put(artifact.content(), artifact.kind().mediaType()).sha256();
            version.transformSha = transformSha;
            version.createdAt = Instant.now();
            versions.add(version);
            try (ServableModel loaded = ServableModels.load(artifact)) {
                expected.put(version.id, loaded.predict(transform.transform(rows)));
            }
        }
    }

    /**
     * Largest difference allowed between a served probability and the expected one: a request of
     * fewer rows is another batch size, which engines may sum in another order.
     */
    static final double TOLERANCE = 1e-5;

    /**
     * Whether predictions of the first rows of {@link #rows} are what the version's model gives
     * without serving: the same class probabilities (within {@link #TOLERANCE}), and as label the
     * class with the highest of them.
     */
    boolean answersAsExpected(ModelVersion version, List<Prediction> predictions) {
        float[][] probabilities = expected.get(version.id);
        List<String> labels = transform.classLabels();
        if (predictions.isEmpty() || predictions.size() > probabilities.length) {
            return false;
        }
        for (int r = 0; r < predictions.size(); r++) {
            Prediction p = predictions.get(r);
            String best = null;
            for (int c = 0; c < labels.size(); c++) {
                Double served = p.probabilities().get(labels.get(c));
                if (served == null || Math.abs(served - probabilities[r][c]) > TOLERANCE) {
                    return false;
                }
                if (best == null || served > p.probabilities().get(best)) {
                    best = labels.get(c);
                }
            }
            if (!p.label().equals(best)) {
                return false;
            }
        }
        return true;
    }

    /** Whether two versions' models answer {@link #rows} differently, so that a mix-up would show. */
    boolean differ(ModelVersion a, ModelVersion b) {
        float[][] pa = expected.get(a.id);
        float[][] pb = expected.get(b.id);
        for (int r = 0; r < pa.length; r++) {
            for (int c = 0; c < pa[r].length; c++) {
                if (Math.abs(pa[r][c] - pb[r][c]) > 1e-3) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Three blobs in (x1, x2), with a color that says nothing about the species. */
    private static DataTable table(int n, Random random) {
        String[] species = {"setosa", "versicolor", "virginica"};
        String[] colors = {"red", "green", "blue"};
        double[][] centers = {{0, 0}, {3, 3}, {0, 3}};
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int s = i % 3;
            rows.add(new String[] {
                    String.valueOf(centers[s][0] + 0.8 * random.nextGaussian()),
                    String.valueOf(centers[s][1] + 0.8 * random.nextGaussian()),
                    colors[random.nextInt(3)],
                    species[s]});
        }
        return DataTable.fromRows(List.of("x1", "x2", "color", "species"), rows);
    }

    private static List<Map<String, String>> rows(DataTable table, int n) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < COLUMNS.size(); c++) {
                row.put(COLUMNS.get(c), table.text(i, c));
            }
            rows.add(row);
        }
        return List.copyOf(rows);
    }
}
