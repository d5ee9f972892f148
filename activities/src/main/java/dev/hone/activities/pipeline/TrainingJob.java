package dev.hone.activities.pipeline;

import dev.hone.ml.compress.search.CompressionSearch;
import dev.hone.ml.data.DataTable;
import dev.hone.ml.model.EpochMetrics;
import dev.hone.ml.model.MlpConfig;
import dev.hone.ml.model.MlpTrainer;
import dev.hone.ml.model.TrainingListener;
import dev.hone.ml.model.TrainingResult;
import dev.hone.ml.preprocess.FittedTransform;
import dev.hone.ml.preprocess.Splitter;
import dev.hone.ml.servable.FloatMlpFormat;
import dev.hone.ml.servable.MlpEnsembleFormat;
import dev.hone.ml.servable.ModelKind;
import dev.hone.ml.servable.ServableArtifact;
import dev.hone.ml.validation.Passport;
import dev.hone.vocabulary.Task;
import dev.hone.workflows.pipeline.StageArtifacts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trains an MLP on a run's preprocessed splits: shared by the training stage and tuning trials. */
@ApplicationScoped
public class TrainingJob {

    /**
     * The kind of model one training produces. The training stage's output ({@code TrainedModel}) names its
     * kind: this one, or {@link ModelKind#MLP_ENSEMBLE} when the settings ask for several networks.
     */
    public static final ModelKind KIND = ModelKind.FLOAT_MLP;

    private final ArtifactIO artifacts;

    TrainingJob(ArtifactIO artifacts) {
        this.artifacts = artifacts;
    }

    /** A finished training and what is needed to read its metrics in user units. */
    public record Outcome(TrainingResult result, boolean classifier, double targetStd) {

        /** Validation metrics of an epoch under their API names. */
        public Map<String, Double> metrics(EpochMetrics m) {
            return validationMetrics(m, classifier, targetStd);
        }

        public EpochMetrics best() {
            return result.history().get(result.bestEpoch() - 1);
        }
    }

    /** Validation metrics of an epoch: validation_loss, and validation_accuracy or validation_rmse. */
    public static Map<String, Double> validationMetrics(EpochMetrics m, boolean classifier, double targetStd) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validation_loss", m.validationLoss());
        if (classifier) {
            metrics.put("validation_accuracy", m.validationMetric());
        } else {
            metrics.put("validation_rmse", m.validationMetric() * targetStd);
        }
        return metrics;
    }

    /** The heartbeat of a training batch: what the stage was doing if it stops answering. */
    public static String batchLine(int epoch, int batch, int batches) {
        return "training: epoch " + epoch + ", batch " + batch + " of " + batches;
    }

    /** The artifact of the transform that builds the inputs of a training with this config. */
    public static String transform(StageArtifacts data, MlpConfig config) {
        return data.transform(config.numericScaling());
    }

    /** Whether the splits are for classification, without training anything. */
    public boolean isClassification(StageArtifacts data) {
        return data.task() == Task.CLASSIFICATION;
    }

    public double targetStd(StageArtifacts data) {
        return artifacts.readTransform(data.transform()).targetStd();
    }

    /** A training-split sample and its size, stored as a table artifact. */
    public record Sample(String artifact, int rows) {}

    /**
     * Stores a sample of about {@code rows} rows of the training split (see {@link Splitter#sample});
     * empty when the split has no more rows than that.
     */
    public java.util.Optional<Sample> sample(StageArtifacts data, int rows, long seed) {
        DataTable train = artifacts.readTable(data.trainSplit());
        if (train.rowCount() <= rows) {
            return java.util.Optional.empty();
        }
        FittedTransform transform = artifacts.readTransform(data.transform());
        DataTable sample = Splitter.sample(train, transform.target(), data.task(), rows, seed);
        return java.util.Optional.of(new Sample(artifacts.writeTable(sample), sample.rowCount()));
    }

    /**
     * Trains on the splits. Fails at once, before any epoch, when the artifact store could not take
     * the weights at the end: a training that cannot be kept is not started.
     */
    public Outcome train(StageArtifacts data, MlpConfig config, TrainingListener listener) {
        return train(data, config, listener, null);
    }

    /**
     * As above, a classifier's training rows reweighed over {@code reweighOver}'s groups (Kamiran and Calders;
     * null: every row alike). A regressor ignores it.
     */
    public Outcome train(StageArtifacts data, MlpConfig config, TrainingListener listener, String reweighOver) {
        artifacts.checkWritable();
        return train(splits(data, config), config, listener, reweighOver);
    }

    /**
     * The training and validation splits and their rows transformed for a config: read from the store once for a
     * training with validation and then its refit on both ({@link #pooled(Splits, String)}).
     */
    public record Splits(FittedTransform transform, DataTable train, DataTable validation, float[][] xTrain,
            float[][] xVal) {
    }

    public Splits splits(StageArtifacts data, MlpConfig config) {
        FittedTransform transform = artifacts.readTransform(transform(data, config));
        DataTable train = artifacts.readTable(data.trainSplit());
        DataTable validation = artifacts.readTable(data.validationSplit());
        return new Splits(transform, train, validation, transform.transform(train), transform.transform(validation));
    }

    /** As {@link #train(StageArtifacts, MlpConfig, TrainingListener, String)}, on splits already read. */
    public Outcome train(Splits s, MlpConfig config, TrainingListener listener, String reweighOver) {
        artifacts.checkWritable();
        FittedTransform transform = s.transform();
        boolean classifier = transform.task() == Task.CLASSIFICATION;
        int[] classes = classifier ? transform.encodeClasses(s.train()) : null;
        TrainingResult result = classifier
                ? MlpTrainer.trainClassifier(s.xTrain(), classes, s.xVal(), transform.encodeClasses(s.validation()),
                        transform.classLabels().size(), config, listener,
                        reweighOver == null ? null : Passport.reweighing(List.of(s.train()), reweighOver, classes))
                : MlpTrainer.trainRegressor(s.xTrain(), transform.encodeRegressionTarget(s.train()), s.xVal(),
                        transform.encodeRegressionTarget(s.validation()), config, listener);
        return new Outcome(result, classifier, transform.targetStd());
    }

    /**
     * Up to this many training + validation rows, the training stage trains the chosen epoch count again
     * on both splits together: on small data the validation split is a sixth of what there is to learn
     * from. Past it the validation split is large enough to spare, and a second training would double
     * the stage's time.
     */
    public static final int REFIT_MAX_ROWS = 100_000;

    /**
     * Up to this many training + validation rows, a study scores each trial by {@link #FOLDS}-fold
     * cross-validation on both splits together rather than on the validation split alone: on small data a
     * validation split of a few dozen rows picks the luckiest configuration, not the best one. Past it,
     * five trainings per trial would cost more than the noise they remove.
     */
    public static final int CROSS_VALIDATION_MAX_ROWS = 2_000;

    public static final int FOLDS = 5;

    /**
     * How many folds a study on splits of these sizes cross-validates its trials on: {@link #FOLDS} for at
     * most {@link #CROSS_VALIDATION_MAX_ROWS} rows together (and at least two per fold), else null (the
     * validation split scores them).
     */
    public static Integer folds(int trainRows, int validationRows) {
        int rows = trainRows + validationRows;
        return rows <= CROSS_VALIDATION_MAX_ROWS && rows >= 2 * FOLDS ? FOLDS : null;
    }

    /**
     * Transformed rows and their targets: the training and validation splits together (what a refit and
     * cross-validation learn from), or the training split alone ({@link #trainingRows}). {@code classes}
     * (classification) or {@code target} (regression) is null.
     */
    public record Pooled(float[][] x, int[] classes, float[] target, int classCount, double targetStd,
            float[] weights) {
        public boolean classifier() {
            return classes != null;
        }
    }

    /** The training and validation splits together, transformed for a training with this config. */
    public Pooled pooled(StageArtifacts data, MlpConfig config) {
        return pooled(data, config, null);
    }

    /** As above, a classifier's rows reweighed over {@code reweighOver} (null: every row alike). */
    public Pooled pooled(StageArtifacts data, MlpConfig config, String reweighOver) {
        return pooled(splits(data, config), reweighOver);
    }

    /** As above, from splits already read and transformed. */
    public Pooled pooled(Splits s, String reweighOver) {
        FittedTransform transform = s.transform();
        DataTable train = s.train();
        DataTable validation = s.validation();
        float[][] x = concat(s.xTrain(), s.xVal());
        if (transform.task() == Task.CLASSIFICATION) {
            int[] a = transform.encodeClasses(train);
            int[] b = transform.encodeClasses(validation);
            int[] y = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, y, a.length, b.length);
            return new Pooled(x, y, null, transform.classLabels().size(), transform.targetStd(),
                    reweighOver == null ? null : Passport.reweighing(List.of(train, validation), reweighOver, y));
        }
        float[] a = transform.encodeRegressionTarget(train);
        float[] b = transform.encodeRegressionTarget(validation);
        float[] y = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, y, a.length, b.length);
        return new Pooled(x, null, y, 0, transform.targetStd(), null);
    }

    /**
     * Trains on every fold of {@code folds} but {@code fold} and validates on that one.
     *
     * @param folds each pooled row's fold ({@link Splitter#folds})
     */
    public static Outcome trainFold(Pooled all, int[] folds, int fold, MlpConfig config, TrainingListener listener) {
        int held = 0;
        for (int f : folds) {
            held += f == fold ? 1 : 0;
        }
        int[] trainRows = new int[folds.length - held];
        int[] validationRows = new int[held];
        for (int r = 0, t = 0, v = 0; r < folds.length; r++) {
            if (folds[r] == fold) {
                validationRows[v++] = r;
            } else {
                trainRows[t++] = r;
            }
        }
        TrainingResult result = all.classifier()
                ? MlpTrainer.trainClassifier(rows(all.x(), trainRows), pick(all.classes(), trainRows),
                        rows(all.x(), validationRows), pick(all.classes(), validationRows), all.classCount(), config,
                        listener)
                : MlpTrainer.trainRegressor(rows(all.x(), trainRows), pick(all.target(), trainRows),
                        rows(all.x(), validationRows), pick(all.target(), validationRows), config, listener);
        return new Outcome(result, all.classifier(), all.targetStd());
    }

    private static float[][] rows(float[][] x, int[] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = x[rows[i]];
        }
        return out;
    }

    private static int[] pick(int[] y, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = y[rows[i]];
        }
        return out;
    }

    private static float[] pick(float[] y, int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = y[rows[i]];
        }
        return out;
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The stored form of a trained network, of {@link #KIND}. */
    public static ServableArtifact artifact(Outcome outcome) {
        return FloatMlpFormat.write(outcome.result(), outcome.classifier());
    }

    /** The stored form of the networks a model averages: one as {@link #artifact(Outcome)}, more as an ensemble. */
    public static ServableArtifact artifact(List<TrainingResult> networks, boolean classifier) {
        return networks.size() == 1 ? FloatMlpFormat.write(networks.getFirst(), classifier)
                : MlpEnsembleFormat.write(networks, classifier);
    }

    /** The kind of a stored model a training stage output names (null: written when it was always {@link #KIND}). */
    public static ModelKind kind(String name) {
        return name == null ? KIND : ModelKind.parse(name);
    }

    /**
     * The training split alone, transformed for this config: what an ensemble's further networks learn from when
     * the data is too large for a refit on both splits (below that size they take {@link #pooled(Splits, String)}).
     */
    public Pooled trainingRows(StageArtifacts data, MlpConfig config, String reweighOver) {
        FittedTransform transform = artifacts.readTransform(transform(data, config));
        DataTable train = artifacts.readTable(data.trainSplit());
        float[][] x = transform.transform(train);
        if (transform.task() != Task.CLASSIFICATION) {
            return new Pooled(x, null, transform.encodeRegressionTarget(train), 0, transform.targetStd(), null);
        }
        int[] classes = transform.encodeClasses(train);
        return new Pooled(x, classes, null, transform.classLabels().size(), transform.targetStd(),
                reweighOver == null ? null : Passport.reweighing(List.of(train), reweighOver, classes));
    }

    /**
     * Trains on {@code rows} for exactly {@code epochs} epochs without validation: a refit, and an ensemble's
     * further networks, trained as its first was finally trained.
     */
    public static TrainingResult trainFor(Pooled rows, MlpConfig config, int epochs, TrainingListener listener) {
        MlpConfig exact = config.withEpochs(epochs);
        return rows.classifier()
                ? MlpTrainer.refitClassifier(rows.x(), rows.classes(), rows.classCount(), exact, listener,
                        rows.weights())
                : MlpTrainer.refitRegressor(rows.x(), rows.target(), exact, listener);
    }

    /**
     * The rows compression works on, and the standard deviation the transform divided regression targets by
     * (what turns a standardized RMSE back into the target's units).
     */
    public record CompressionRows(CompressionSearch.Data data, double targetStd) {
    }

    /**
     * The training and validation splits as compression takes them, built by the model's transform: its
     * fine-tuning and students learn from the first and every candidate is measured on the second.
     *
     * @param transformSha the transform the model to compress was trained with
     */
    public CompressionRows compressionRows(StageArtifacts data, String transformSha) {
        FittedTransform transform = artifacts.readTransform(transformSha);
        DataTable train = artifacts.readTable(data.trainSplit());
        DataTable validation = artifacts.readTable(data.validationSplit());
        CompressionSearch.Data rows = transform.task() == Task.CLASSIFICATION
                ? new CompressionSearch.Data(true, transform.classLabels().size(), transform.transform(train),
                        transform.encodeClasses(train), null, transform.transform(validation),
                        transform.encodeClasses(validation), null)
                : new CompressionSearch.Data(false, 1, transform.transform(train), null,
                        transform.encodeRegressionTarget(train), transform.transform(validation), null,
                        transform.encodeRegressionTarget(validation));
        return new CompressionRows(rows, transform.targetStd());
    }

    /** Stores a model's artifact content; returns the artifact reference. */
    public String store(ServableArtifact model) {
        return artifacts.writeModel(model);
    }
}
